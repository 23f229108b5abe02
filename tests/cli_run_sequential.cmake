# CTest script: `sbi run` with the multi-round methods on small budgets. For each method the run
# folder must hold the samples of both observations, summary.json with the rounds, and a model
# per observation that `sbi sample` reads; a seeded rerun on 1 thread writes the same samples as on 2. `sbi train
# --method snpe-a` for one observation, seeded (identical files), sampled in another process.
# SNPE-C also runs with a prior file and an external simulator (--prior, --simulator), and with
# --restrict and --embedding. Refusals: --rounds with a one-round method, too few simulations per
# round, --restrict with snpe-a, one round or --restrict-first, --embedding with rej-abc.
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

# --restrict and --embedding with a multi-round method: round 1 trains the classifier, the
# embedding is trained with the flow; summary.json records the wasted rows; seeded, the same on
# 1 and 2 threads. `sbi train` takes both too and writes a model `sbi sample` reads.
foreach(threads 1 2)
  sbi_expect_success("sbi run --method snpe-c --restrict --embedding (${threads} threads)"
    ${SBI} run --task gaussian_linear --method snpe-c --restrict "x1>=-1" --embedding fc:out=4 ${small}
    --threads ${threads} --out ${dir}/restricted_${threads})
endforeach()
file(READ ${dir}/restricted_1/summary.json summary)
if(NOT summary MATCHES "\"wasted_invalid\"" OR NOT summary MATCHES "\"wasted_fraction\""
   OR NOT summary MATCHES "\"embedding\": \"fc")
  message(FATAL_ERROR "restricted run: summary.json lacks the restriction or the embedding:\n${summary}")
endif()
file(READ ${dir}/restricted_1/samples_well_specified.csv a)
file(READ ${dir}/restricted_2/samples_well_specified.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "restricted run: seeded runs on 1 and 2 threads wrote different samples")
endif()
sbi_expect_success("sbi train --method snpe-b --restrict --embedding"
  ${SBI} train --task gaussian_linear --method snpe-b --observation ${dir}/xo.csv --restrict finite --embedding gru:hidden=8:out=4
  --sims 200 --rounds 2 --max-epochs 3 --quiet --out ${dir}/snpe_b_restricted.sbi)
sbi_expect_success("sbi sample the restricted snpe-b model" ${SBI} sample --model ${dir}/snpe_b_restricted.sbi
                   --observation ${dir}/xo.csv --num 20 --out ${dir}/snpe_b_restricted_draws.csv --quiet)
sbi_expect_csv("restricted snpe-b draws" ${dir}/snpe_b_restricted_draws.csv 20 "^parameter_1,")
sbi_expect_refused("--restrict with snpe-a" "does not go with snpe-a"
  ${SBI} run --task gaussian_linear --method snpe-a --restrict "x0>=0" --out ${dir}/bad)
sbi_expect_refused("--restrict with one round" "needs --rounds of at least 2"
  ${SBI} run --task gaussian_linear --method snle --rounds 1 --restrict finite --out ${dir}/bad)
sbi_expect_refused("--restrict-first with a multi-round method" "--restrict-first does not go with the multi-round"
  ${SBI} run --task gaussian_linear --method snre --restrict finite --restrict-first 50 --out ${dir}/bad)
sbi_expect_refused("--embedding with rej-abc" "--embedding applies to npe"
  ${SBI} run --task gaussian_linear --method rej-abc --embedding fc --out ${dir}/bad)
