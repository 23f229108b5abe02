# CTest script: `sbi` under `mpirun -np N` writes the same files as one process. Arguments:
# SBI, MPIEXEC, WORK_DIR, CASE (train_npe, train_ace, train_nre, benchmark_npe, calibrate_npe,
# sample_nle_slice, sample_nle_mh, run_ace),
# RANKS (a list, e.g. "1;2;3"). Each run writes into its own folder, which must then hold exactly
# the case's files (no stray temporary files from other ranks); `files` must be byte-identical
# (cmp) to those of the first entry of RANKS, `timed_csv` identical but for its seconds_*
# columns and `timed_json` but for its "seconds..." lines (wall-clock timings).
include(${CMAKE_CURRENT_LIST_DIR}/../cli_helpers.cmake)
set(dir ${WORK_DIR}/mpi_${CASE})
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
if(CASE STREQUAL "train_npe")
  set(args train --method npe --task two_moons --sims 1500 --max-epochs 3 --seed 3 --out OUT/model.sbi)
  set(files model.sbi)
elseif(CASE STREQUAL "train_ace")
  set(args train --method ace --task two_moons --sims 800 --max-epochs 3 --seed 3 --out OUT/model.sbi)
  set(files model.sbi)
elseif(CASE STREQUAL "train_nre")
  set(args train --method nre --task two_moons --sims 1500 --max-epochs 2 --seed 3 --out OUT/model.sbi)
  set(files model.sbi)
elseif(CASE STREQUAL "benchmark_npe")
  # Observations split over ranks (3 over 2 or 3 ranks), training data-parallel.
  set(args benchmark --method npe --task two_moons --sims 1000 --observations 1-3 --num-samples 300
      --predictive-sims 50 --max-epochs 3 --seed 2 --out OUT/rows.csv --save-samples OUT/draws)
  set(files draws/two_moons_npe-maf_1000_obs1.csv draws/two_moons_npe-maf_1000_obs2.csv
      draws/two_moons_npe-maf_1000_obs3.csv draws/two_moons_reference_obs1.csv
      draws/two_moons_reference_obs2.csv draws/two_moons_reference_obs3.csv)
  set(timed_csv rows.csv)
elseif(CASE STREQUAL "sample_nle_slice" OR CASE STREQUAL "sample_nle_mh")
  # MH chains split over ranks in panels of 16 (20 chains: 16 + 4); slice chains run whole on
  # every rank (same draws, rank 0 writes). The model is trained once.
  string(REPLACE "sample_nle_" "" sampler ${CASE})
  set(model ${dir}/nle.sbi)
  sbi_expect_success("sbi train (nle)" ${SBI} train --method nle --task two_moons --sims 1000 --max-epochs 2
                     --seed 3 --out ${model} --threads 1 --quiet)
  file(WRITE ${dir}/xo.csv "data_1,data_2\n0.1,-0.05\n")
  set(args sample --model ${model} --observation ${dir}/xo.csv --num 400 --seed 4 --chains 20 --warmup 20
      --sampler ${sampler} --out OUT/draws.csv)
  set(files draws.csv)
elseif(CASE STREQUAL "run_ace")
  # The default job: an output folder staged and committed by rank 0 alone.
  set(args run --task two_moons --sims 1000 --max-epochs 3 --num-samples 200 --betas 10 --seed 3 --out OUT/run)
  set(files run/model.sbi run/observations.csv run/true_parameters.csv run/samples_well_specified_beta10.csv
      run/samples_misspecified_beta10.csv run/cost_well_specified.svg run/cost_misspecified.svg
      run/pairplot_well_specified_beta10.svg run/pairplot_misspecified_beta10.svg run/training_curves.svg)
  set(timed_json run/summary.json)
elseif(CASE STREQUAL "calibrate_npe")
  set(args calibrate --method npe --task two_moons --sims 1000 --runs 25 --num-samples 40 --max-epochs 3
      --seed 2 --out OUT/sbc.csv --coverage-out OUT/coverage.csv)
  set(files sbc.csv coverage.csv)
else()
  message(FATAL_ERROR "unknown CASE '${CASE}'")
endif()
# The CSV's lines with the seconds_* columns removed.
function(lines_without_seconds path out_var)
  file(STRINGS ${path} lines)
  list(GET lines 0 header)
  string(REPLACE "," ";" names "${header}")
  set(kept "")
  foreach(line ${lines})
    string(REPLACE "," ";" fields "${line}")
    set(row "")
    set(i 0)
    foreach(f ${fields})
      list(GET names ${i} name)
      if(NOT name MATCHES "^seconds_")
        list(APPEND row "${f}")
      endif()
      math(EXPR i "${i} + 1")
    endforeach()
    string(JOIN "," row_text ${row})
    list(APPEND kept "${row_text}")
  endforeach()
  set(${out_var} "${kept}" PARENT_SCOPE)
endfunction()

set(first "")
foreach(n ${RANKS})
  file(MAKE_DIRECTORY ${dir}/np${n})
  string(REPLACE "OUT" "${dir}/np${n}" run_args "${args}")
  sbi_expect_success("sbi ${CASE} on ${n} rank(s)" ${MPIEXEC} -np ${n} --oversubscribe --bind-to none
                     ${SBI} ${run_args} --threads 1 --quiet)
  file(GLOB_RECURSE written RELATIVE ${dir}/np${n} ${dir}/np${n}/*)
  list(SORT written)
  set(expected ${files} ${timed_csv} ${timed_json})
  list(SORT expected)
  if(NOT written STREQUAL expected)
    message(FATAL_ERROR "${CASE} on ${n} rank(s) wrote '${written}', expected exactly '${expected}'")
  endif()
  if(first STREQUAL "")
    set(first ${n})
    continue()
  endif()
  foreach(f ${files})
    execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${dir}/np${first}/${f} ${dir}/np${n}/${f}
                    RESULT_VARIABLE differ)
    if(differ)
      message(FATAL_ERROR "${CASE}: ${f} from ${n} rank(s) differs from ${first} rank(s)")
    endif()
  endforeach()
  foreach(f ${timed_json})
    file(STRINGS ${dir}/np${first}/${f} a)
    file(STRINGS ${dir}/np${n}/${f} b)
    list(FILTER a EXCLUDE REGEX "\"seconds")
    list(FILTER b EXCLUDE REGEX "\"seconds")
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${CASE}: ${f} from ${n} rank(s) differs from ${first} rank(s) (timings aside)")
    endif()
  endforeach()
  foreach(f ${timed_csv})
    lines_without_seconds(${dir}/np${first}/${f} a)
    lines_without_seconds(${dir}/np${n}/${f} b)
    list(LENGTH a rows)
    if(NOT a STREQUAL b OR rows LESS 2)
      message(FATAL_ERROR "${CASE}: ${f} from ${n} rank(s) differs from ${first} rank(s) (seconds aside):\n${a}\n${b}")
    endif()
  endforeach()
endforeach()
