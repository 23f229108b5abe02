# CTest script: `sbi simulate --store` and `sbi train --store` in one process (no MPI needed).
# - the store is byte-identical for --threads 1 and 2;
# - a run killed for real (SIGKILL once its third chunk is written) and then resumed with --resume
#   gives the store of an uninterrupted run, byte for byte (wherever the kill fell);
# - training on the store writes the same model file as training on the same rows from files
#   (`sbi simulate --out x.npy --theta-out theta.npy`, same seed: the store holds those rows);
# - bad combinations are refused clearly (resume with another seed names the field).
set(dir ${WORK_DIR}/cli_simulation_store)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/store_compare.cmake)

set(two_moons simulate --task two_moons --num 2500 --store-chunk-rows 400 --seed 4 --quiet)
sbi_expect_success("store, 1 thread" ${SBI} ${two_moons} --store ${dir}/t1 --threads 1)
sbi_expect_success("store, 2 threads" ${SBI} ${two_moons} --store ${dir}/t2 --threads 2)
sbi_expect_same_folder("stores for 1 and 2 threads" ${dir}/t1 ${dir}/t2)
file(READ ${dir}/t1/manifest.json manifest)
if(NOT manifest MATCHES "\"complete\": true" OR NOT manifest MATCHES "\"rows_done\": 2500")
  message(FATAL_ERROR "manifest of a finished store:\n${manifest}")
endif()

# A real kill: Hodgkin–Huxley (~3 ms a row on one thread) in 60 chunks of 20 rows, killed with
# SIGKILL as soon as its third chunk is on disk (so mid-way, wherever it then is).
set(hh simulate --task hodgkin_huxley --num 1200 --store-chunk-rows 20 --seed 2 --quiet)
sbi_expect_success("Hodgkin–Huxley store" ${SBI} ${hh} --store ${dir}/hh_whole --threads 2)
set(third ${dir}/hh_killed/chunk-000002.bin)
execute_process(COMMAND sh -c "\"$0\" \"$@\" & pid=$!
    while kill -0 $pid 2>/dev/null && [ ! -e '${third}' ]; do sleep 0.01; done
    kill -9 $pid 2>/dev/null; wait $pid" ${SBI} ${hh} --threads 1 --store ${dir}/hh_killed RESULT_VARIABLE rc)
file(GLOB done_before RELATIVE ${dir}/hh_killed ${dir}/hh_killed/chunk-*.bin)
list(LENGTH done_before n_before)
file(READ ${dir}/hh_killed/manifest.json killed_manifest)
if(rc EQUAL 0 OR n_before LESS 3 OR NOT killed_manifest MATCHES "\"complete\": false")
  message(FATAL_ERROR "the run meant to be killed mid-way: exit ${rc}, ${n_before} of 60 chunks\n${killed_manifest}")
endif()
message(STATUS "killed after ${n_before} of 60 chunks")
sbi_expect_refused("a second store in the same folder" "already holds a simulation store.*--resume"
                   ${SBI} ${hh} --store ${dir}/hh_killed)
sbi_expect_refused("a resume with another seed" "made with seed = 2, this run has 3"
                   ${SBI} simulate --task hodgkin_huxley --num 1200 --store-chunk-rows 20 --seed 3 --store ${dir}/hh_killed --resume)
sbi_expect_success("the resume" ${SBI} ${hh} --store ${dir}/hh_killed --resume)
sbi_expect_same_folder("killed and resumed vs uninterrupted" ${dir}/hh_whole ${dir}/hh_killed)

# Training on the store = training on the same rows read from files.
sbi_expect_success("files of the same rows" ${SBI} simulate --task two_moons --num 2500 --seed 4 --quiet
                   --out ${dir}/x.npy --theta-out ${dir}/theta.npy)
set(train train --method npe --max-epochs 2 --seed 1 --threads 1 --quiet)
sbi_expect_success("train on files" ${SBI} ${train} --task two_moons --theta ${dir}/theta.npy --x ${dir}/x.npy
                   --out ${dir}/files.sbi)
sbi_expect_success("train on the store" ${SBI} ${train} --store ${dir}/t1 --out ${dir}/store.sbi)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${dir}/files.sbi ${dir}/store.sbi RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "training on the store and on the same rows from files gave different model files")
endif()
sbi_expect_refused("a store of another task" "holds simulations of two_moons, not of slcp"
                   ${SBI} ${train} --task slcp --store ${dir}/t1 --out ${dir}/slcp.sbi)
sbi_expect_refused("the stop hook" "stopped early.*--resume"
                   ${SBI} simulate --task two_moons --num 100 --store ${dir}/partial --store-stop-after-chunks 0)
sbi_expect_refused("training on an incomplete store" "not complete \\(1 of 1 chunks missing\\).*--resume"
                   ${SBI} ${train} --store ${dir}/partial --out ${dir}/partial.sbi)
sbi_expect_refused("--resume without --store" "--resume needs --store"
                   ${SBI} simulate --task two_moons --num 10 --out ${dir}/r.csv --resume)
sbi_expect_refused("--out with --store" "--out does not go with --store"
                   ${SBI} simulate --task two_moons --num 10 --out ${dir}/r.csv --store ${dir}/r)
sbi_expect_refused("zero rows per chunk" "--store-chunk-rows must be positive"
                   ${SBI} simulate --task two_moons --num 10 --store ${dir}/r --store-chunk-rows 0)
