# CTest script: a model trained by one `sbi` process is sampled by two others; both must give
# the same draws (the model file carries everything, sampling is seeded).
set(dir ${WORK_DIR}/cli_train_sample)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()
run(${SBI} train --task uniform_1d --sims 2000 --max-epochs 20 --seed 3 --out ${dir}/model.sbi --quiet)
file(WRITE ${dir}/xo.csv "data_1\n0.4\n")
foreach(k 1 2)
  run(${SBI} sample --model ${dir}/model.sbi --observation ${dir}/xo.csv --num 500 --beta 20
      --seed 9 --chains 20 --warmup 20 --thin 2 --out ${dir}/draws${k}.csv)
endforeach()
file(READ ${dir}/draws1.csv a)
file(READ ${dir}/draws2.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "two processes sampling the same model with the same seed differ")
endif()
string(REGEX MATCHALL "\n" lines "${a}")
list(LENGTH lines n)
if(NOT n EQUAL 501)
  message(FATAL_ERROR "expected a header and 500 draws, got ${n} lines")
endif()
# The other methods go through the same two commands: NPE (direct sampling), NLE (MCMC) and
# rejection ABC, each sampled twice in separate processes.
file(WRITE ${dir}/xo2.csv "data_1,data_2\n0.1,-0.05\n")
foreach(method npe nle rej-abc)
  run(${SBI} train --task two_moons --method ${method} --sims 1000 --max-epochs 5 --seed 3
      --out ${dir}/${method}.sbi --quiet)
  foreach(k 1 2)
    run(${SBI} sample --model ${dir}/${method}.sbi --observation ${dir}/xo2.csv --num 200 --seed 4
        --chains 10 --warmup 10 --thin 1 --out ${dir}/${method}_${k}.csv)
  endforeach()
  file(READ ${dir}/${method}_1.csv a)
  file(READ ${dir}/${method}_2.csv b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${method}: two processes sampling the same model with the same seed differ")
  endif()
  if(NOT a MATCHES "^parameter_1,parameter_2\n")
    message(FATAL_ERROR "${method}: unexpected header in the draws")
  endif()
endforeach()
# --beta is for ACE models only.
execute_process(COMMAND ${SBI} sample --model ${dir}/npe.sbi --observation ${dir}/xo2.csv --beta 3 --out ${dir}/x.csv
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "applies to ACE models")
  message(FATAL_ERROR "--beta with an NPE model was not rejected (${rc}): ${err}")
endif()
# Several --model files form an ACE ensemble only: another kind among them is refused by name.
execute_process(COMMAND ${SBI} sample --model ${dir}/model.sbi,${dir}/npe.sbi --observation ${dir}/xo.csv --out ${dir}/x.csv
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "npe.sbi' holds a 'npe' model.*must be an ACE model")
  message(FATAL_ERROR "an NPE file in an ACE ensemble was not rejected clearly (${rc}): ${err}")
endif()
execute_process(COMMAND ${SBI} sample --model ${dir}/npe.sbi,${dir}/npe.sbi --observation ${dir}/xo2.csv --out ${dir}/x.csv
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "ensemble of ACE models only")
  message(FATAL_ERROR "two NPE files were not rejected as an ensemble (${rc}): ${err}")
endif()
# A corrupt model file is rejected with a clear error.
file(WRITE ${dir}/bad.sbi "not a model")
execute_process(COMMAND ${SBI} sample --model ${dir}/bad.sbi --observation ${dir}/xo.csv --out ${dir}/x.csv
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "not a valid|wrong magic|truncated")
  message(FATAL_ERROR "a corrupt model was not rejected clearly (${rc}): ${err}")
endif()
# The saved NPE is calibrated by `sbi calibrate --model` (task and method from the file, no
# training) on pairs read with --simulations: the rank file has one row per pair.
file(MAKE_DIRECTORY ${dir}/pairs)
run(${SBI} simulate --task two_moons --num 20 --seed 5 --out ${dir}/pairs/simulations_x.csv
    --theta-out ${dir}/pairs/simulations_theta.csv --quiet)
execute_process(COMMAND ${SBI} calibrate --model ${dir}/npe.sbi --simulations ${dir}/pairs --runs 20 --num-samples 20
                        --marginal-coverage --out ${dir}/ranks.csv
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sbi calibrate --model failed (${rc}):\n${out}\n${err}")
endif()
file(STRINGS ${dir}/ranks.csv ranks)
list(LENGTH ranks rank_lines)
if(NOT out MATCHES "saved model .*npe.sbi, 20 pairs" OR NOT rank_lines EQUAL 21)
  message(FATAL_ERROR "sbi calibrate --model: unexpected output or ${rank_lines} rank lines (expected 21):\n${out}")
endif()
