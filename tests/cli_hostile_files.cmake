# CTest script (issue 40): bad input files and unsafe outputs are refused before any output is
# written, and `sbi run` writes its folder whole or not at all.
set(dir ${WORK_DIR}/cli_hostile_files)
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir}/a_folder)

# A folder given as a model or config file: named, not "basic_filebuf::underflow".
file(WRITE ${dir}/obs.csv "x1,x2\n0.1,0.2\n")
sbi_expect_refused("--model FOLDER" "a_folder': it is a folder, not a file"
  ${SBI} sample --model ${dir}/a_folder --observation ${dir}/obs.csv --out ${dir}/draws.csv)
sbi_expect_refused("--config FOLDER" "config file .*a_folder': it is a folder"
  ${SBI} run --config ${dir}/a_folder)
# JSON configs: unsigned values above 2^63 are out of range, not wrapped; types are named.
file(WRITE ${dir}/big_seed.json "{\"seed\": 18446744073709551615}")
sbi_expect_refused("config seed 2^64-1" "--seed' is out of range, got '18446744073709551615'"
  ${SBI} run --config ${dir}/big_seed.json --out ${dir}/never)
file(WRITE ${dir}/array_sims.json "{\"sims\": [1, 2]}")
sbi_expect_refused("config sims array" "'sims' must be a string or a number, got array"
  ${SBI} run --config ${dir}/array_sims.json --out ${dir}/never)
file(WRITE ${dir}/fraction_sims.json "{\"sims\": 500.7}")
sbi_expect_refused("config sims 500.7" "--sims' expects an integer"
  ${SBI} run --config ${dir}/fraction_sims.json --out ${dir}/never)
# A config value goes through the flag's field table, as the flag's text does.
file(WRITE ${dir}/ace_hidden.json "{\"ace-hidden\": 0}")
sbi_expect_refused("config ace-hidden 0" "--ace-hidden must be in \\[1, inf\\), got 0"
  ${SBI} run --config ${dir}/ace_hidden.json --out ${dir}/never)

# --thin at the Index limit (it once wrapped the step count: 100 rows of 0,0 and exit 0).
sbi_expect_success("train a small model" ${SBI} train --task two_moons --method rej-abc --sims 200 --quiet
                   --out ${dir}/rej.sbi)
sbi_expect_refused("sample --thin 2^63-1" "--thin must be at most 1000000, got 9223372036854775807"
  ${SBI} sample --model ${dir}/rej.sbi --observation ${dir}/obs.csv --out ${dir}/draws.csv --thin 9223372036854775807)
sbi_expect_refused("sample --warmup 2^63-1" "--warmup must be at most"
  ${SBI} sample --model ${dir}/rej.sbi --observation ${dir}/obs.csv --out ${dir}/draws.csv --warmup 9223372036854775807)
# --out naming an input (here the observation) is refused and the input is kept.
sbi_expect_refused("--out = --observation" "is also the input"
  ${SBI} sample --model ${dir}/obs.csv --observation ${dir}/obs.csv --out ${dir}/obs.csv)
file(READ ${dir}/obs.csv kept)
if(NOT kept STREQUAL "x1,x2\n0.1,0.2\n")
  message(FATAL_ERROR "the observation was overwritten")
endif()
# Devices are never replaced.
sbi_expect_refused("--out /dev/null" "not a regular file"
  ${SBI} simulate --task two_moons --num 3 --out /dev/null)
# Every output path is checked before any is written: no x without θ.
sbi_expect_refused("--theta-out in a missing folder" "--theta-out: .*folder '.*nodir' does not exist"
  ${SBI} simulate --task two_moons --num 3 --out ${dir}/x.csv --theta-out ${dir}/nodir/t.csv)
if(EXISTS ${dir}/x.csv)
  message(FATAL_ERROR "sbi simulate wrote --out although --theta-out could not be written")
endif()
sbi_expect_refused("calibrate --coverage-out in a missing folder" "--coverage-out: .*does not exist"
  ${SBI} calibrate --method rej-abc --sims 100 --runs 2 --out ${dir}/ranks.csv --coverage-out ${dir}/nodir/c.csv)
if(EXISTS ${dir}/ranks.csv)
  message(FATAL_ERROR "sbi calibrate wrote --out although --coverage-out could not be written")
endif()

# metrics: values beyond 1e150 are refused with file, row and column instead of printing -nan.
file(WRITE ${dir}/huge.csv "a,b\n1e308,-1e308\n1,2\n")
file(WRITE ${dir}/small.csv "a,b\n1,2\n3,4\n")
foreach(metric mmd nrmse pme)
  sbi_expect_refused("metrics ${metric} of 1e308" "huge.csv': row 1, column 1 is 1e\\+308"
    ${SBI} metrics ${metric} ${dir}/huge.csv ${dir}/small.csv)
endforeach()

# An Allen recording with a tiny dt: refused at once (it once hung `sbi simulate`).
file(WRITE ${dir}/tiny_dt.csv "# x; dt_ms=1e-300; t_on_ms=0; t_off_ms=1e-300; soma_area_cm2=1e-4\nt_ms,v_mV,i_uA\n0,-70,0\n0,-69,0\n0,-69,0\n")
sbi_expect_refused("recording dt 1e-300" "tiny_dt.csv:1: dt_ms=1e-300 is outside"
  ${SBI} simulate --task hodgkin_huxley --recording ${dir}/tiny_dt.csv --num 2 --out ${dir}/hh.csv)

# `sbi run` into an existing folder: a run that fails leaves the earlier folder as it was; a
# successful one replaces it whole (no stale samples_*.csv).
set(run ${dir}/run)
file(MAKE_DIRECTORY ${run})
file(WRITE ${run}/samples_stale.csv "stale\n")
file(WRITE ${run}/summary.json "{\"earlier\": true}\n")
set(small --task two_moons --method npe --sims 300 --num-samples 100 --range-sims 300 --max-epochs 2
          --predictive-sims 20 --quiet --out ${run})
sbi_expect_refused("a run that fails midway" "hidden=1e20 is too large"
  ${SBI} run ${small} --estimator maf:hidden=1e20)
file(READ ${run}/summary.json kept)
if(NOT kept MATCHES "earlier" OR NOT EXISTS ${run}/samples_stale.csv OR EXISTS ${run}/model.sbi)
  message(FATAL_ERROR "a failing run changed the earlier run folder")
endif()
sbi_expect_success("a run into an existing folder" ${SBI} run ${small})
if(EXISTS ${run}/samples_stale.csv OR NOT EXISTS ${run}/samples_well_specified.csv OR EXISTS ${run}.incomplete)
  message(FATAL_ERROR "the run folder mixes two runs (stale samples_stale.csv) or was not swapped in")
endif()
# A run in which every requested posterior fails exits non-zero (NLE has no gradients for NUTS).
sbi_expect_refused("every posterior failed" "2 requested result\\(s\\) failed"
  ${SBI} run --task two_moons --method nle --sampler nuts --sims 300 --num-samples 50 --range-sims 300
             --max-epochs 2 --predictive-sims 10 --quiet --out ${dir}/nle_nuts)

# Recordings whose stimulus ends 0.01 ms apart (less than one 0.02 ms sample) share a protocol;
# 0.5 ms apart they do not, and the message shows the difference.
set(recording ${DATA_DIR}/allen/cell_509881736_sweep_39.csv)
if(NOT EXISTS ${recording})
  message(STATUS "SKIPPED the protocol-rounding case: ${recording} not found")
  return()
endif()
file(READ ${recording} text)
string(REPLACE "t_off_ms=1204.98" "t_off_ms=1204.99" rounded "${text}")
file(WRITE ${dir}/rounded.csv "${rounded}")
string(REPLACE "t_off_ms=1204.98" "t_off_ms=1205.48" later "${text}")
file(WRITE ${dir}/later.csv "${later}")
sbi_expect_success("recordings 0.01 ms apart share a protocol"
  ${SBI} simulate --task hodgkin_huxley --recording ${recording},${dir}/rounded.csv --num 2 --quiet --out ${dir}/hh2.csv)
sbi_expect_refused("recordings 0.5 ms apart" "ends 0.5 ms away from .*1204.98 ms \\(more than one 0.02 ms sample\\)"
  ${SBI} simulate --task hodgkin_huxley --recording ${recording},${dir}/later.csv --num 2 --quiet --out ${dir}/hh3.csv)
