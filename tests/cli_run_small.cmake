# CTest script: `sbi run` on a small budget writes the whole run folder.
set(dir ${WORK_DIR}/cli_run_small)
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
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
# The settings block is the job table's to_json (pipelines/job_fields.hpp): the flags' values
# under the fields' names, the MCMC settings as the MCMC table's object.
foreach(pair "\"range_sims\": 2000" "\"ace_loss\": \"squared\"" "\"theta_space\": \"constrained\""
             "\"chains\": 40" "\"init_candidates\": 10000" "\"warmup\": 30" "\"thin\": 3")
  if(NOT summary MATCHES "${pair}")
    message(FATAL_ERROR "summary.json's settings lack ${pair}")
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
# An ensemble of two ACE cost networks (--ace-members): both are saved, the summary records each
# member's training, and `sbi sample` samples the two files' ensemble.
set(ens ${WORK_DIR}/cli_run_small_ensemble)
file(REMOVE_RECURSE ${ens})
sbi_expect_success("sbi run --ace-members 2"
                   ${SBI} run --task two_moons --sims 1000 --max-epochs 10 --num-samples 200 --predictive-sims 20
                   --range-sims 2000 --betas 10 --chains 20 --warmup 10 --thin 1 --ace-members 2
                   --ace-disagreement 0.5 --out ${ens} --quiet)
file(READ ${ens}/summary.json summary)
if(NOT EXISTS ${ens}/model_member2.sbi OR NOT summary MATCHES "\"members\": \\[" OR
   NOT summary MATCHES "\"disagreement_penalty\": 0.5" OR NOT summary MATCHES "model_member2.sbi")
  message(FATAL_ERROR "sbi run --ace-members 2 did not save or record both members:\n${summary}")
endif()
file(WRITE ${ens}/xo.csv "data_1,data_2\n0.1,-0.05\n")
sbi_expect_success("sbi sample of a two-member ACE ensemble"
                   ${SBI} sample --model ${ens}/model.sbi,${ens}/model_member2.sbi --ace-disagreement 0.5
                   --observation ${ens}/xo.csv --num 100 --beta 10 --chains 10 --warmup 10 --out ${ens}/draws.csv)
sbi_expect_csv("sbi sample of a two-member ACE ensemble" ${ens}/draws.csv 100 "^parameter_1,parameter_2$")
# `sbi cost` evaluates the same ensemble at given θ (long format: one row per θ and observation);
# θ outside the prior's box and a wrong number of columns are refused by name.
file(WRITE ${ens}/theta.csv "parameter_1,parameter_2\n0.1,0.2\n-0.5,0.3\n0.0,0.0\n")
file(WRITE ${ens}/xo2.csv "data_1,data_2\n0.1,-0.05\n0.3,0.2\n")
sbi_expect_success("sbi cost of a two-member ACE ensemble"
                   ${SBI} cost --model ${ens}/model.sbi,${ens}/model_member2.sbi --theta ${ens}/theta.csv
                   --observation ${ens}/xo2.csv --out ${ens}/cost.csv)
sbi_expect_csv("sbi cost of a two-member ACE ensemble" ${ens}/cost.csv 6 "^observation,theta,cost,member_mean,member_sd$")
file(STRINGS ${ens}/cost.csv cost_rows)
list(GET cost_rows 6 last_row)
if(NOT last_row MATCHES "^1,2,[0-9]")
  message(FATAL_ERROR "sbi cost: the last row should be observation 1, theta 2 with a cost, got '${last_row}'")
endif()
file(WRITE ${ens}/theta_out.csv "parameter_1,parameter_2\n0.1,0.2\n5.0,0.0\n")
sbi_expect_refused("sbi cost at θ outside the prior" "row 2 lies outside the prior's support"
                   ${SBI} cost --model ${ens}/model.sbi --theta ${ens}/theta_out.csv --observation ${ens}/xo.csv
                   --out ${ens}/cost_bad.csv)
file(WRITE ${ens}/theta_narrow.csv "parameter_1\n0.1\n")
sbi_expect_refused("sbi cost with a wrong θ width" "has 1 columns, but task two_moons has 2 parameters"
                   ${SBI} cost --model ${ens}/model.sbi --theta ${ens}/theta_narrow.csv --observation ${ens}/xo.csv
                   --out ${ens}/cost_bad.csv)
# Per-term outputs (--ace-per-term): the summary records them, and `sbi sample` reads the model
# back (its outputs and per-term scales come from the file).
set(pt ${WORK_DIR}/cli_run_small_per_term)
file(REMOVE_RECURSE ${pt})
sbi_expect_success("sbi run --ace-per-term"
                   ${SBI} run --task two_moons --sims 1000 --max-epochs 10 --num-samples 200 --predictive-sims 20
                   --range-sims 2000 --betas 10 --chains 20 --warmup 10 --thin 1 --ace-per-term --ace-loss poisson --out ${pt} --quiet)
file(READ ${pt}/summary.json summary)
if(NOT summary MATCHES "\"per_term\": true" OR NOT summary MATCHES "\"ace_per_term\": true" OR
   NOT summary MATCHES "\"loss\": \"poisson\"")
  message(FATAL_ERROR "sbi run --ace-per-term did not record per-term outputs:\n${summary}")
endif()
file(WRITE ${pt}/xo.csv "data_1,data_2\n0.1,-0.05\n")
sbi_expect_success("sbi sample of a per-term ACE model"
                   ${SBI} sample --model ${pt}/model.sbi --observation ${pt}/xo.csv --num 100 --beta 10 --chains 10
                   --warmup 10 --out ${pt}/draws.csv)
sbi_expect_csv("sbi sample of a per-term ACE model" ${pt}/draws.csv 100 "^parameter_1,parameter_2$")

