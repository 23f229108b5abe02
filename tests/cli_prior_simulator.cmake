# CTest script: a user's own problem end to end, a prior file (--prior) with an external
# simulator (--simulator, examples/simulators/two_moons.sh): simulate to .npy, train NPE on the
# simulated set, sample it in another process with the prior's parameter names as the header,
# and run the whole job. Also: --simulator with --theta/--x is refused.
set(dir ${WORK_DIR}/cli_prior_simulator)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
set(sim "sh ${SOURCE_DIR}/examples/simulators/two_moons.sh")
file(WRITE ${dir}/prior.json [=[
{"parameters": [
  {"name": "left",  "distribution": "uniform", "low": -1, "high": 1},
  {"name": "right", "distribution": "uniform", "low": -1, "high": 1}
]}
]=])

sbi_expect_success("simulate with --prior and --simulator"
  ${SBI} simulate --prior ${dir}/prior.json --simulator ${sim} --num 300 --seed 1
  --out ${dir}/x.csv --theta-out ${dir}/theta.csv --quiet)
sbi_expect_csv("simulated x" ${dir}/x.csv 300 "^x_1,x_2$")
sbi_expect_csv("simulated theta" ${dir}/theta.csv 300 "^left,right$")

sbi_expect_success("train npe with --prior and --simulator"
  ${SBI} train --method npe --prior ${dir}/prior.json --simulator ${sim} --sims 500 --seed 2
  --max-epochs 5 --out ${dir}/npe.sbi --quiet)
execute_process(COMMAND awk "BEGIN { print \"x_1,x_2\"; print \"0.1,0.2\" }" OUTPUT_FILE ${dir}/xo.csv)
sbi_expect_success("sample the prior-file model"
  ${SBI} sample --model ${dir}/npe.sbi --observation ${dir}/xo.csv --num 50 --out ${dir}/draws.csv --quiet)
sbi_expect_csv("posterior draws" ${dir}/draws.csv 50 "^left,right$")

sbi_expect_success("run npe with --prior and --simulator"
  ${SBI} run --method npe --prior ${dir}/prior.json --simulator ${sim} --sims 300 --range-sims 300
  --predictive-sims 50 --num-samples 100 --max-epochs 3 --out ${dir}/run --quiet)
foreach(f summary.json observations.csv samples_well_specified.csv)
  if(NOT EXISTS ${dir}/run/${f})
    message(FATAL_ERROR "sbi run --prior --simulator did not write ${f}")
  endif()
endforeach()
file(READ ${dir}/run/summary.json summary)
if(NOT summary MATCHES "\"external_simulator\"" OR NOT summary MATCHES "\"left\"")
  message(FATAL_ERROR "summary.json lacks the simulator counts or the parameter names:\n${summary}")
endif()

sbi_expect_refused("--simulator with --theta/--x" "already give the simulations"
  ${SBI} train --method npe --prior ${dir}/prior.json --theta ${dir}/theta.csv --x ${dir}/x.csv
  --simulator ${sim} --out ${dir}/bad.sbi)
