# CTest script: simulations from files with a prior file (docs/prior_files.md). two_moons'
# simulations (θ uniform on [-1, 1]², .npy and CSV) are learned by every method through
# `sbi train --prior good.json --theta --x`; each model is sampled in another process with no
# --task, and the draws carry the prior file's parameter names. A NaN row of x is dropped and
# counted; .npy files come out of `sbi simulate` and `sbi sample` when --out ends in .npy.
set(dir ${WORK_DIR}/cli_prior_files)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

# The first 6 bytes of a .npy file, as hex.
function(expect_npy what file)
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "${what}: ${file} was not written")
  endif()
  file(READ ${file} magic LIMIT 6 HEX)
  if(NOT magic STREQUAL "934e554d5059")
    message(FATAL_ERROR "${what}: ${file} is not a .npy file (starts ${magic})")
  endif()
endfunction()

sbi_expect_success("sbi simulate to .npy" ${SBI} simulate --task two_moons --num 600 --seed 1
                   --out ${dir}/x.npy --theta-out ${dir}/theta.npy --quiet)
expect_npy("sbi simulate" ${dir}/x.npy)
expect_npy("sbi simulate --theta-out" ${dir}/theta.npy)
# The same θ read back from .npy simulate the same x (as CSV this time).
sbi_expect_success("sbi simulate --theta .npy" ${SBI} simulate --task two_moons --theta ${dir}/theta.npy --seed 1
                   --out ${dir}/x.csv --theta-out ${dir}/theta.csv --quiet)
sbi_expect_csv("sbi simulate --theta .npy" ${dir}/x.csv 600 "^data_1,data_2$")
# One failed simulation (NaN x) appended to the CSV pair: dropped and counted.
file(APPEND ${dir}/theta.csv "0.25,-0.25\n")
file(APPEND ${dir}/x.csv "nan,nan\n")
file(WRITE ${dir}/xo.csv "0.1,-0.05\n")  # an observation without a header

set(prior ${FIXTURES}/good.json)
foreach(method npe nle nre nre-b nre-c rej-abc ace)
  set(extra "")
  set(sample_extra "")
  if(method STREQUAL "ace")
    set(extra --distance mse)
    set(sample_extra --beta 20)
  endif()
  sbi_expect_success("sbi train ${method} from files" ${SBI} train --method ${method} --prior ${prior} ${extra}
                     --theta ${dir}/theta.csv --x ${dir}/x.csv --max-epochs 3 --seed 2 --out ${dir}/${method}.sbi)
  if(NOT sbi_err MATCHES "dropped 1 simulations with non-finite x")
    message(FATAL_ERROR "sbi train ${method}: the NaN row was not dropped and counted:\n${sbi_err}")
  endif()
  sbi_expect_success("sbi sample ${method} (prior-file model)" ${SBI} sample --model ${dir}/${method}.sbi
                     --observation ${dir}/xo.csv --num 100 --seed 4 --chains 10 --warmup 10 --thin 1 ${sample_extra}
                     --out ${dir}/${method}_draws.csv --quiet)
  sbi_expect_csv("sbi sample ${method}" ${dir}/${method}_draws.csv 100 "^alpha,beta$")
endforeach()

# .npy in and out: θ and x from .npy, the observation and the draws as .npy.
sbi_expect_success("sbi train npe from .npy" ${SBI} train --method npe --prior ${prior} --theta ${dir}/theta.npy
                   --x ${dir}/x.npy --max-epochs 3 --seed 2 --out ${dir}/npe_npy.sbi --quiet)
sbi_expect_success("observation as .npy" ${SBI} simulate --task two_moons --num 1 --seed 7 --out ${dir}/xo.npy --quiet)
sbi_expect_success("sbi sample to .npy" ${SBI} sample --model ${dir}/npe_npy.sbi --observation ${dir}/xo.npy
                   --num 50 --seed 4 --out ${dir}/draws.npy --quiet)
expect_npy("sbi sample --out .npy" ${dir}/draws.npy)
file(SIZE ${dir}/draws.npy size)
if(NOT size EQUAL 928)  # 128-byte header + 50 × 2 float64
  message(FATAL_ERROR "sbi sample --out draws.npy: ${size} bytes, expected 928")
endif()
# ACE from .npy files with the z-scored MAE distance, sampled from a .npy observation.
sbi_expect_success("sbi train ace mae_zscored" ${SBI} train --method ace --distance mae_zscored --prior ${prior}
                   --theta ${dir}/theta.npy --x ${dir}/x.npy --max-epochs 3 --seed 2 --out ${dir}/ace_npy.sbi --quiet)
sbi_expect_success("sbi sample ace .npy" ${SBI} sample --model ${dir}/ace_npy.sbi --observation ${dir}/xo.npy
                   --beta 10 --num 50 --chains 10 --warmup 10 --out ${dir}/ace_draws.npy --quiet)
expect_npy("sbi sample ace --out .npy" ${dir}/ace_draws.npy)
sbi_expect_success("sbi cost (prior-file ACE model)" ${SBI} cost --model ${dir}/ace_npy.sbi --theta ${dir}/theta.npy
                   --observation ${dir}/xo.npy --out ${dir}/cost.csv --quiet)
sbi_expect_csv("sbi cost" ${dir}/cost.csv 600 "^observation,theta,cost")
# --theta/--x also work with a built-in task (here .npy θ beside CSV x); its model samples as before.
sbi_expect_success("x as CSV" ${SBI} simulate --task two_moons --theta ${dir}/theta.npy --seed 1 --out ${dir}/x600.csv --quiet)
sbi_expect_success("sbi train --task with files" ${SBI} train --task two_moons --method npe --theta ${dir}/theta.npy
                   --x ${dir}/x600.csv --max-epochs 2 --out ${dir}/task_npe.sbi --quiet)
sbi_expect_success("sbi sample (task model)" ${SBI} sample --model ${dir}/task_npe.sbi --observation ${dir}/xo.csv
                   --num 20 --out ${dir}/task_draws.csv --quiet)
sbi_expect_csv("sbi sample (task model)" ${dir}/task_draws.csv 20 "^parameter_1,parameter_2$")
# A prior-file model refuses an observation of the wrong width clearly.
file(WRITE ${dir}/xo3.csv "0.1,0.2,0.3\n")
sbi_expect_refused("observation of the wrong width" "observation: expected shape 1x2, got 1x3" ${SBI} sample --model ${dir}/npe.sbi
                   --observation ${dir}/xo3.csv --num 10 --out ${dir}/bad.csv)
# sbi calibrate --model calibrates a prior-file model on a folder of simulations (no --task).
file(MAKE_DIRECTORY ${dir}/sims)
sbi_expect_success("calibration pairs" ${SBI} simulate --task two_moons --num 30 --seed 5
                   --out ${dir}/sims/simulations_x.csv --theta-out ${dir}/sims/simulations_theta.csv --quiet)
sbi_expect_success("sbi calibrate --model (prior file)" ${SBI} calibrate --model ${dir}/npe.sbi --simulations ${dir}/sims
                   --runs 30 --num-samples 20 --out ${dir}/sbc.csv --quiet)
sbi_expect_csv("sbi calibrate --model" ${dir}/sbc.csv 30 "^alpha,beta$")
# Files carry the simulations exactly: `sbi simulate --seed S` then `sbi train --theta --x
# --seed S` writes the same model file, byte for byte, as `sbi train --sims N --seed S`.
sbi_expect_success("simulate for the identity check" ${SBI} simulate --task two_moons --num 300 --seed 4
                   --out ${dir}/x300.npy --theta-out ${dir}/theta300.npy --quiet)
sbi_expect_success("train from files" ${SBI} train --task two_moons --method npe --theta ${dir}/theta300.npy
                   --x ${dir}/x300.npy --seed 4 --max-epochs 3 --out ${dir}/from_files.sbi --quiet)
sbi_expect_success("train simulating" ${SBI} train --task two_moons --method npe --sims 300 --seed 4 --max-epochs 3
                   --out ${dir}/simulated.sbi --quiet)
file(SHA256 ${dir}/from_files.sbi a)
file(SHA256 ${dir}/simulated.sbi b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "a model trained from simulation files differs from one trained on the same simulations")
endif()
