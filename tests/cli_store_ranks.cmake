# CTest script (MPI builds, label mpi): the simulation store over 1, 2 and 3 ranks.
# - `sbi simulate --store` alone (no mpirun), under `mpirun -np 2` and `-np 3` (2 threads each):
#   every file of the three stores byte-identical;
# - a run stopped under 2 ranks after one chunk per rank (--store-stop-after-chunks, the test
#   hook that leaves the store as a kill would) and resumed under 3 ranks: identical store;
# - an external simulator that fails on some rows (`nan` lines) and in some batches (exit
#   status 3): the same counted non-finite rows (manifest) and identical stores alone and on 2 ranks;
# - plain `sbi simulate --out` under 2 ranks writes (rank 0 only) the file one process writes.
set(dir ${WORK_DIR}/cli_store_ranks)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/store_compare.cmake)
set(mpirun ${MPIEXEC} --oversubscribe --bind-to none -np)

set(sim simulate --task slcp --num 3000 --store-chunk-rows 256 --seed 8 --quiet)
sbi_expect_success("store alone" ${SBI} ${sim} --store ${dir}/n1 --threads 1)
sbi_expect_success("store on 2 ranks" ${mpirun} 2 ${SBI} ${sim} --store ${dir}/n2 --threads 1)
sbi_expect_success("store on 3 ranks" ${mpirun} 3 ${SBI} ${sim} --store ${dir}/n3 --threads 2)
sbi_expect_same_folder("stores alone and on 2 ranks" ${dir}/n1 ${dir}/n2)
sbi_expect_same_folder("stores alone and on 3 ranks" ${dir}/n1 ${dir}/n3)

execute_process(COMMAND ${mpirun} 2 ${SBI} ${sim} --store ${dir}/stopped --store-stop-after-chunks 1
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
file(GLOB stopped_chunks ${dir}/stopped/chunk-*.bin)
list(LENGTH stopped_chunks n_stopped)
if(rc EQUAL 0 OR NOT n_stopped EQUAL 2)
  message(FATAL_ERROR "the stopped run exited ${rc} with ${n_stopped} chunks (expected non-zero, 2 chunks)")
endif()
sbi_expect_success("resume on 3 ranks" ${mpirun} 3 ${SBI} ${sim} --store ${dir}/stopped --resume)
sbi_expect_same_folder("stopped on 2 ranks, resumed on 3, vs alone" ${dir}/n1 ${dir}/stopped)

# θ1 > 0.6: a `nan` line; θ2 > 0.97: the batch exits with status 3 (run twice, its rows NaN).
file(WRITE ${dir}/failing.awk "NF == 3 { if ($2 > 0.6) print \"nan\"\n  else printf \"%.17g,%.17g\\n\", $2 + $3, $2 * $3\n  if ($3 > 0.97) exit 3 }\n")
set(failing "awk -F, -f ${dir}/failing.awk")
set(ext simulate --task two_moons --num 1200 --store-chunk-rows 300 --seed 5 --simulator ${failing}
    --simulator-batch 25 --max-failed-fraction 1)
sbi_expect_success("failing simulator alone" ${SBI} ${ext} --store ${dir}/ext1 --simulator-work ${dir}/work1)
string(REGEX MATCH "\\(([0-9]+) rows non-finite\\)" alone "${sbi_err}")
set(alone_count ${CMAKE_MATCH_1})
sbi_expect_success("failing simulator on 2 ranks" ${mpirun} 2 ${SBI} ${ext} --store ${dir}/ext2 --simulator-work ${dir}/work2)
string(REGEX MATCH "\\(([0-9]+) rows non-finite\\)" ranks "${sbi_err}")
if(NOT alone_count OR NOT CMAKE_MATCH_1 STREQUAL alone_count)
  message(FATAL_ERROR "non-finite rows: ${alone_count} alone, ${CMAKE_MATCH_1} on 2 ranks\n${sbi_err}")
endif()
file(READ ${dir}/ext1/manifest.json manifest)
if(NOT manifest MATCHES "\"nonfinite_rows\": ${alone_count}" OR alone_count LESS 300)
  message(FATAL_ERROR "expected ≥ 300 counted failures (θ1 > 0.6 is 20% of rows) in the manifest:\n${manifest}")
endif()
sbi_expect_same_folder("failing simulator alone and on 2 ranks" ${dir}/ext1 ${dir}/ext2)

set(plain simulate --task slcp --num 999 --seed 3 --quiet)
sbi_expect_success("plain simulate alone" ${SBI} ${plain} --out ${dir}/x1.csv --theta-out ${dir}/t1.csv)
sbi_expect_success("plain simulate on 2 ranks" ${mpirun} 2 ${SBI} ${plain} --out ${dir}/x2.csv --theta-out ${dir}/t2.csv)
foreach(f x t)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${dir}/${f}1.csv ${dir}/${f}2.csv RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sbi simulate --out: ${f}1.csv (alone) and ${f}2.csv (2 ranks) differ")
  endif()
endforeach()

# An error on one rank ends every rank with an error (none waits forever): other settings on
# resume (found by rank 0), and a damaged last chunk (verified by the last rank).
sbi_expect_refused("a resume with another seed on 2 ranks" "made with seed = 8, this run has 9"
                   ${mpirun} 2 ${SBI} simulate --task slcp --num 3000 --store-chunk-rows 256 --seed 9 --quiet
                   --store ${dir}/n2 --resume)
file(READ ${dir}/n2/chunk-000011.bin last HEX)
string(SUBSTRING "${last}" 0 400 head)
file(WRITE ${dir}/n2/chunk-000011.bin "${head}")  # the hex text: not a chunk any more
sbi_expect_refused("a damaged chunk found on rank 1 of 2" "chunk-000011.bin"
                   ${mpirun} 2 ${SBI} ${sim} --store ${dir}/n2 --resume)
