# CTest script: `sbi run` with the multi-round methods on small budgets. For each method the run
# folder must hold the samples of both observations, summary.json with the rounds, and a model
# per observation that `sbi sample` reads; a seeded rerun on 1 thread writes the same samples as on 2. `sbi train
# --method snpe-a` for one observation, seeded (identical files), sampled in another process.
# SNPE-C also runs with a prior file and an external simulator (--prior, --simulator). Refusals: --rounds
# with a one-round method, too few simulations per round, --restrict.
set(dir ${WORK_DIR}/cli_run_sequential)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
set(small --sims 300 --rounds 2 --max-epochs 5 --num-samples 100 --predictive-sims 20 --range-sims 300
          --chains 10 --warmup 10 --thin 1 --seed 3 --quiet)

foreach(method snpe-a snpe-c snle)
  sbi_expect_success("sbi run --method ${method} (2 threads)"
    ${SBI} run --task gaussian_linear --method ${method} ${small} --threads 2 --out ${dir}/${method}_1)
  sbi_expect_success("sbi run --method ${method} (1 thread)"
    ${SBI} run --task gaussian_linear --method ${method} ${small} --threads 1 --out ${dir}/${method}_2)
  foreach(f summary.json observations.csv samples_well_specified.csv samples_misspecified.csv
            model_well_specified.sbi)
    if(NOT EXISTS ${dir}/${method}_1/${f})
      message(FATAL_ERROR "sbi run --method ${method} did not write ${f}")
    endif()
  endforeach()
  sbi_expect_csv("${method} samples" ${dir}/${method}_1/samples_well_specified.csv 100 "^parameter_1,")
  file(READ ${dir}/${method}_1/summary.json summary)
  if(NOT summary MATCHES "\"rounds\": \\[" OR NOT summary MATCHES "\"proposal_acceptance\"")
    message(FATAL_ERROR "${method}: summary.json lacks the rounds:\n${summary}")
  endif()
  foreach(f samples_well_specified.csv samples_misspecified.csv)
    file(READ ${dir}/${method}_1/${f} a)
    file(READ ${dir}/${method}_2/${f} b)
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${method}: seeded runs on 2 threads and 1 thread wrote different ${f}")
    endif()
  endforeach()
endforeach()

# The saved SNPE-A model (an MDN and the proposal it corrects for) samples in another process.
execute_process(COMMAND ${CMAKE_COMMAND} -E copy ${dir}/snpe-a_1/observations.csv ${dir}/xo_all.csv)
file(STRINGS ${dir}/xo_all.csv xo_lines)
list(GET xo_lines 0 xo_header)
list(GET xo_lines 1 xo_first)
file(WRITE ${dir}/xo.csv "${xo_header}\n${xo_first}\n")
sbi_expect_success("sbi sample an snpe-a model" ${SBI} sample --model ${dir}/snpe-a_1/model_well_specified.sbi
                   --observation ${dir}/xo.csv --num 50 --out ${dir}/snpe_a_draws.csv --quiet)
sbi_expect_csv("snpe-a model draws" ${dir}/snpe_a_draws.csv 50 "^parameter_1,")

# A prior file with an external simulator (examples/simulators/two_moons.sh).
set(sim "sh ${SOURCE_DIR}/examples/simulators/two_moons.sh")
file(WRITE ${dir}/prior.json [=[
{"parameters": [
  {"name": "left",  "distribution": "uniform", "low": -1, "high": 1},
  {"name": "right", "distribution": "uniform", "low": -1, "high": 1}
]}
]=])
sbi_expect_success("sbi run --method snpe-c with --prior and --simulator"
  ${SBI} run --method snpe-c --prior ${dir}/prior.json --simulator ${sim} ${small} --out ${dir}/prior_run)
sbi_expect_csv("prior-file run samples" ${dir}/prior_run/samples_well_specified.csv 100 "^left,right$")

sbi_expect_refused("--rounds with a one-round method" "apply to the multi-round methods"
  ${SBI} run --task gaussian_linear --method npe --rounds 2 --out ${dir}/bad)
sbi_expect_refused("too few simulations per round" "at least 10 simulations per round"
  ${SBI} run --task gaussian_linear --method snpe-c --sims 30 --rounds 5 --out ${dir}/bad)
sbi_expect_refused("--restrict with a multi-round method" "does not go with the multi-round methods"
  ${SBI} run --task gaussian_linear --method snle --restrict "x0>=0" --out ${dir}/bad)
