# CTest script: `sbi run` on a small budget writes the whole run folder.
set(dir ${WORK_DIR}/cli_run_small)
file(REMOVE_RECURSE ${dir})
execute_process(COMMAND ${SBI} run --task two_moons --sims 1000 --max-epochs 20 --num-samples 500
                        --predictive-sims 100 --range-sims 2000 --betas 10,100 --chains 40 --warmup 30 --thin 3
                        --out ${dir} --quiet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sbi run failed (${rc}):\n${out}\n${err}")
endif()
foreach(f summary.json model.sbi observations.csv true_parameters.csv training_curves.svg
          cost_well_specified.svg cost_misspecified.svg
          samples_well_specified_beta10.csv samples_misspecified_beta100.csv
          pairplot_well_specified_beta10.svg pairplot_misspecified_beta100.svg)
  if(NOT EXISTS ${dir}/${f})
    message(FATAL_ERROR "sbi run did not write ${f}")
  endif()
endforeach()
file(READ ${dir}/summary.json summary)
foreach(key posterior_predictive_distance mcmc_max_rhat seconds_training best_validation_loss sbi_git_revision)
  if(NOT summary MATCHES "${key}")
    message(FATAL_ERROR "summary.json lacks ${key}")
  endif()
endforeach()
# The MCMC options reach the sampler: every posterior ran 40 chains.
string(REGEX MATCHALL "\"mcmc_chains\": [0-9]+" chains "${summary}")
if(NOT chains STREQUAL "\"mcmc_chains\": 40;\"mcmc_chains\": 40;\"mcmc_chains\": 40;\"mcmc_chains\": 40")
  message(FATAL_ERROR "expected four posteriors with 40 MCMC chains, got: ${chains}")
endif()
file(READ ${dir}/pairplot_well_specified_beta10.svg svg)
if(NOT svg MATCHES "^<svg" OR NOT svg MATCHES "</svg>")
  message(FATAL_ERROR "the pair plot is not an SVG document")
endif()
