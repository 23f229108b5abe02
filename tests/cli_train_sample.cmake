# CTest script: a model trained by one `sbi` process is sampled by two others; both must give
# the same draws (the model file carries everything, sampling is seeded).
set(dir ${WORK_DIR}/cli_train_sample)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
sbi_expect_success("sbi train (ACE)"
                   ${SBI} train --task uniform_1d --sims 2000 --max-epochs 20 --seed 3 --out ${dir}/model.sbi --quiet)
file(WRITE ${dir}/xo.csv "data_1\n0.4\n")
foreach(k 1 2)
  sbi_expect_success("sbi sample (ACE)"
                     ${SBI} sample --model ${dir}/model.sbi --observation ${dir}/xo.csv --num 500 --beta 20
                     --seed 9 --chains 20 --warmup 20 --thin 2 --out ${dir}/draws${k}.csv)
endforeach()
file(READ ${dir}/draws1.csv a)
file(READ ${dir}/draws2.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "two processes sampling the same model with the same seed differ")
endif()
sbi_expect_csv("sbi sample (ACE)" ${dir}/draws1.csv 500 ".")
# The other methods go through the same two commands: NPE (direct sampling), NLE (MCMC) and
# rejection ABC, each sampled twice in separate processes.
file(WRITE ${dir}/xo2.csv "data_1,data_2\n0.1,-0.05\n")
foreach(method npe nle rej-abc)
  sbi_expect_success("sbi train (${method})" ${SBI} train --task two_moons --method ${method} --sims 1000
                     --max-epochs 5 --seed 3 --out ${dir}/${method}.sbi --quiet)
  foreach(k 1 2)
    sbi_expect_success("sbi sample (${method})" ${SBI} sample --model ${dir}/${method}.sbi --observation ${dir}/xo2.csv
                       --num 200 --seed 4
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
sbi_expect_refused("--beta with an NPE model" "applies to ACE models"
                   ${SBI} sample --model ${dir}/npe.sbi --observation ${dir}/xo2.csv --beta 3 --out ${dir}/x.csv)
# Several --model files form an ACE ensemble only: another kind among them is refused by name.
sbi_expect_refused("an NPE file in an ACE ensemble" "npe.sbi' holds a 'npe' model.*must be an ACE model"
                   ${SBI} sample --model ${dir}/model.sbi,${dir}/npe.sbi --observation ${dir}/xo.csv --out ${dir}/x.csv)
sbi_expect_refused("two NPE files as an ensemble" "ensemble of ACE models only"
                   ${SBI} sample --model ${dir}/npe.sbi,${dir}/npe.sbi --observation ${dir}/xo2.csv --out ${dir}/x.csv)
# A corrupt model file is rejected with a clear error.
file(WRITE ${dir}/bad.sbi "not a model")
sbi_expect_refused("a corrupt model" "not a valid|wrong magic|truncated"
                   ${SBI} sample --model ${dir}/bad.sbi --observation ${dir}/xo.csv --out ${dir}/x.csv)
# The saved NPE is calibrated by `sbi calibrate --model` (task and method from the file, no
# training) on pairs read with --simulations: the rank file has one row per pair.
file(MAKE_DIRECTORY ${dir}/pairs)
sbi_expect_success("sbi simulate" ${SBI} simulate --task two_moons --num 20 --seed 5
                   --out ${dir}/pairs/simulations_x.csv --theta-out ${dir}/pairs/simulations_theta.csv --quiet)
sbi_expect_success("sbi calibrate --model" ${SBI} calibrate --model ${dir}/npe.sbi --simulations ${dir}/pairs --runs 20
                   --num-samples 20 --marginal-coverage --out ${dir}/ranks.csv)
if(NOT sbi_out MATCHES "saved model .*npe.sbi, 20 pairs")
  message(FATAL_ERROR "sbi calibrate --model: unexpected output:\n${sbi_out}")
endif()
sbi_expect_csv("sbi calibrate --model" ${dir}/ranks.csv 20 ".")
# The multi-round methods train for one --observation and save the last round's network as the
# model of their one-round method, which `sbi sample` reads; the run is seeded (two trainings, one file).
foreach(method snpe-c snle snre)
  foreach(k 1 2)
    sbi_expect_success("sbi train (${method})" ${SBI} train --task two_moons --method ${method} --observation ${dir}/xo2.csv
                       --sims 300 --rounds 2 --max-epochs 3 --seed 5 --out ${dir}/${method}_${k}.sbi)
  endforeach()
  if(NOT sbi_err MATCHES "round 2/2.*wrote .*${method}_2.sbi")
    message(FATAL_ERROR "sbi train (${method}): no round 2 or no model written:\n${sbi_err}")
  endif()
  file(READ ${dir}/${method}_1.sbi a HEX)
  file(READ ${dir}/${method}_2.sbi b HEX)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${method}: two seeded multi-round trainings wrote different model files")
  endif()
  sbi_expect_success("sbi sample (${method} model)" ${SBI} sample --model ${dir}/${method}_1.sbi --observation ${dir}/xo2.csv
                     --num 100 --seed 4 --chains 10 --warmup 10 --thin 1 --out ${dir}/${method}_draws.csv)
  sbi_expect_csv("sbi sample (${method} model)" ${dir}/${method}_draws.csv 100 ".")
endforeach()
sbi_expect_refused("a multi-round method without --observation" "needs --observation"
                   ${SBI} train --task two_moons --method snpe-c --sims 300 --out ${dir}/x.sbi)
sbi_expect_refused("--observation with a one-round method" "applies to the multi-round methods"
                   ${SBI} train --task two_moons --method npe --observation ${dir}/xo2.csv --out ${dir}/x.sbi)
