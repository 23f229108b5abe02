# CTest script: `sbi fit-recordings --recording` end to end on one Allen recording
# with a small budget (500 simulations). Checks the run folder, and that ACE's posterior-
# predictive z-scored MAE beats the prior-predictive MAE at every β by more than 4 Monte-Carlo
# standard errors (predictive_mae_z_se of both). Also: bad recordings give clear errors, and a
# simulation set saved with --save-simulations and read back with --simulations gives the same
# metrics to the last digit and reports the saved simulation time (while too short or foreign
# sets, and a malformed recorded time, are refused by name). The run's model.sbi (ACE) and
# npe.sbi (NPE) sample again through `sbi sample`, and --ace-models reads model.sbi back into a
# run that then gives the same metrics.
set(dir ${WORK_DIR}/cli_hh_recording)
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})

# A malformed recording: the error must name the file and line.
file(WRITE ${dir}/bad.csv "t_ms,v_mV,i_uA\n0,-70,0\n")
execute_process(COMMAND ${SBI} fit-recordings --recording ${dir}/bad.csv --sims 20 --out ${dir}/bad
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0 OR NOT err MATCHES "bad.csv:1: expected the Allen header")
  message(FATAL_ERROR "a malformed recording was not reported clearly (${rc}):\n${out}\n${err}")
endif()
# The recording fit is its own command: `sbi run` has no --recording.
execute_process(COMMAND ${SBI} run --task hodgkin_huxley --recording ${dir}/bad.csv --out ${dir}/bad
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "unknown option '--recording'")
  message(FATAL_ERROR "sbi run --recording was not refused (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${SBI} fit-recordings --sims 20 --out ${dir}/bad
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "missing --recording")
  message(FATAL_ERROR "sbi fit-recordings without --recording was not refused (${rc}):\n${out}\n${err}")
endif()

set(recording ${DATA_DIR}/allen/cell_509881736_sweep_39.csv)
if(NOT EXISTS ${recording})
  message(STATUS "SKIPPED: ${recording} is absent")
  return()
endif()
execute_process(COMMAND ${SBI} fit-recordings --recording ${recording} --sims 500
                        --max-epochs 300 --num-samples 300 --predictive-sims 100 --out ${dir}/run --quiet
                        --save-simulations
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sbi fit-recordings failed (${rc}):\n${out}\n${err}")
endif()
set(name cell_509881736_sweep_39)
foreach(f summary.json metrics.csv model.sbi npe.sbi observations.csv traces_${name}.svg statistics_${name}.svg
          samples_${name}_ace_beta25.csv samples_${name}_ace_beta100.csv samples_${name}_npe.csv)
  if(NOT EXISTS ${dir}/run/${f})
    message(FATAL_ERROR "sbi fit-recordings did not write ${f}")
  endif()
endforeach()
file(READ ${dir}/run/summary.json summary)
string(JSON methods GET "${summary}" result per_recording 0 methods)
string(JSON n LENGTH "${methods}")
math(EXPR last "${n} - 1")
set(checked 0)
foreach(i RANGE ${last})
  string(JSON method GET "${methods}" ${i} method)
  string(JSON mae GET "${methods}" ${i} predictive_mae_z)
  string(JSON se GET "${methods}" ${i} predictive_mae_z_se)
  if(method STREQUAL "prior")
    set(prior_mae ${mae})
    set(prior_se ${se})
  endif()
endforeach()
foreach(i RANGE ${last})
  string(JSON method GET "${methods}" ${i} method)
  if(NOT method STREQUAL "ace")
    continue()
  endif()
  string(JSON beta GET "${methods}" ${i} beta)
  string(JSON mae GET "${methods}" ${i} predictive_mae_z)
  string(JSON se GET "${methods}" ${i} predictive_mae_z_se)
  # CMake has no floating point: compare in fixed point (6 decimals); the values are plain
  # decimals as nlohmann writes them (an exponent would fail clearly here).
  foreach(v mae se prior_mae prior_se)
    if(NOT "${${v}}" MATCHES "^([0-9]+)\\.?([0-9]*)$")
      message(FATAL_ERROR "unexpected number format for ${v}: '${${v}}'")
    endif()
    set(int "${CMAKE_MATCH_1}")
    set(frac "${CMAKE_MATCH_2}000000")
    string(SUBSTRING "${frac}" 0 6 frac)
    string(REGEX REPLACE "^0+([0-9])" "\\1" frac "${frac}")
    math(EXPR ${v}_u "${int} * 1000000 + ${frac}")
  endforeach()
  # ACE's MAE + 4·(its se + the prior's se) must stay below the prior-predictive MAE.
  math(EXPR bound "${mae_u} + 4 * (${se_u} + ${prior_se_u})")
  if(NOT bound LESS prior_mae_u)
    message(FATAL_ERROR "ACE at beta ${beta}: predictive MAE ${mae} (se ${se}) does not beat the prior-predictive MAE ${prior_mae} (se ${prior_se})")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
if(NOT checked EQUAL 3)
  message(FATAL_ERROR "expected 3 ACE posteriors (beta 25, 50, 100), found ${checked}")
endif()
file(READ ${dir}/run/traces_${name}.svg svg)
if(NOT svg MATCHES "^<svg" OR NOT svg MATCHES "</svg>")
  message(FATAL_ERROR "the trace figure is not an SVG document")
endif()

# The run's models sample a recording's posterior in a new process, from observations.csv:
# the ACE model.sbi (`sbi sample` rebuilds its mae_zscored distance from the stored scales) and
# the NPE npe.sbi (amortized as well; no --beta, no MCMC). Each must write a header and 40 draws.
function(check_sbi_sample model out_csv)
  sbi_expect_success("sbi sample on the run's ${model}" ${SBI} sample --model ${dir}/run/${model}
                     --observation ${dir}/run/observations.csv --num 40 --out ${dir}/${out_csv} --quiet ${ARGN})
  sbi_expect_csv("sbi sample (${model})" ${dir}/${out_csv} 40 "^g_Na,g_K,")
endfunction()
check_sbi_sample(model.sbi sampled.csv --beta 100)
check_sbi_sample(npe.sbi sampled_npe.csv)
# Those draws simulated under the run's protocol (`sbi simulate --recording`): a predictive check
# outside the run. 40 rows of the 7 statistics.
sbi_expect_success("sbi simulate --recording on the NPE draws"
                   ${SBI} simulate --task hodgkin_huxley --recording ${recording} --theta ${dir}/sampled_npe.csv
                   --out ${dir}/predictive_npe.csv --quiet)
sbi_expect_csv("sbi simulate --recording" ${dir}/predictive_npe.csv 40 "^spike_count,rest_mean,")

# The saved simulation set, read back: the same run to the last digit, without simulating.
foreach(f simulations_theta.csv simulations_x.csv simulations.json)
  if(NOT EXISTS ${dir}/run/${f})
    message(FATAL_ERROR "--save-simulations did not write ${f}")
  endif()
endforeach()
execute_process(COMMAND ${SBI} fit-recordings --recording ${recording} --sims 500
                        --max-epochs 300 --num-samples 300 --predictive-sims 100 --out ${dir}/reuse
                        --simulations ${dir}/run
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT err MATCHES "read 500 simulations from" OR err MATCHES "simulating 500")
  message(FATAL_ERROR "sbi fit-recordings --simulations failed or simulated anyway (${rc}):\n${out}\n${err}")
endif()
# The reused run reports what simulating the set cost when it was made (simulations.json).
file(READ ${dir}/reuse/summary.json reuse_summary)
string(JSON saved_seconds GET "${reuse_summary}" result seconds_simulating_saved_set)
string(JSON own_seconds GET "${reuse_summary}" result seconds_simulating)
if(NOT err MATCHES "simulating them took" OR NOT saved_seconds GREATER 0 OR NOT own_seconds EQUAL 0)
  message(FATAL_ERROR "the reused run does not report the saved set's simulation time "
                      "(saved ${saved_seconds}, own ${own_seconds}):\n${err}")
endif()
file(READ ${dir}/run/metrics.csv first)
file(READ ${dir}/reuse/metrics.csv second)
if(NOT first STREQUAL second)
  message(FATAL_ERROR "the run on the saved simulations differs from the original:\n${first}\n${second}")
endif()
# The run's ACE network read back (--ace-models) instead of trained: the same metrics again.
sbi_expect_success("sbi fit-recordings --ace-models"
                   ${SBI} fit-recordings --recording ${recording} --sims 500 --num-samples 300
                   --predictive-sims 100 --out ${dir}/reloaded --simulations ${dir}/run --ace-models ${dir}/run)
file(READ ${dir}/reloaded/metrics.csv reloaded)
if(NOT sbi_err MATCHES "loaded 1 ACE cost network" OR NOT first STREQUAL reloaded)
  message(FATAL_ERROR "the run with the loaded ACE network differs from the original:\n${first}\n${reloaded}\n${sbi_err}")
endif()
# A β draws by its value, not its place in --betas: β = 100 alone (third in the first run's
# 25,50,100) reproduces its rows.
sbi_expect_success("sbi fit-recordings --ace-models --betas 100"
                   ${SBI} fit-recordings --recording ${recording} --sims 500 --num-samples 300
                   --predictive-sims 100 --betas 100 --out ${dir}/reloaded_beta100 --simulations ${dir}/run
                   --ace-models ${dir}/run)
file(STRINGS ${dir}/run/metrics.csv first_beta100 REGEX ",ace,100,")
file(STRINGS ${dir}/reloaded_beta100/metrics.csv alone_beta100 REGEX ",ace,100,")
if(NOT first_beta100 OR NOT first_beta100 STREQUAL alone_beta100)
  message(FATAL_ERROR "beta 100 sampled alone differs from beta 100 in the list:\n${first_beta100}\n${alone_beta100}")
endif()
# Asking for more simulations than were saved, and a set of another task, are refused by name.
function(expect_refused what pattern)
  sbi_expect_refused("${what}" "${pattern}" ${SBI} fit-recordings --recording ${recording} ${ARGN})
endfunction()
expect_refused("a too short simulation set" "holds 500 simulations, fewer than the 600 asked for"
               --sims 600 --out ${dir}/short --simulations ${dir}/run)
# A network trained on other simulations (here: z-scoring scales of the first 400 of the 500) is
# refused, as are a folder without one and --ace-members beside --ace-models.
expect_refused("an ACE network of another simulation set" "trained with other 'mae_zscored' parameters"
               --sims 400 --out ${dir}/other_set --simulations ${dir}/run --ace-models ${dir}/run)
expect_refused("--ace-models without a model" "model.sbi' does not exist"
               --sims 500 --out ${dir}/no_model --simulations ${dir}/run --ace-models ${dir}/reuse_nothing)
expect_refused("--ace-members with --ace-models" "leave out --ace-members"
               --sims 500 --out ${dir}/both --ace-models ${dir}/run --ace-members 2)
# Under another recording's stimulus the saved set is not valid.
set(other ${DATA_DIR}/allen/cell_518290966_sweep_57.csv)
if(EXISTS ${other})
  execute_process(COMMAND ${SBI} fit-recordings --recording ${other} --sims 500
                          --out ${dir}/other_stimulus --simulations ${dir}/run
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "simulations.json: the simulations were made under another simulator setting")
    message(FATAL_ERROR "a set simulated under another stimulus was not refused (${rc}):\n${out}\n${err}")
  endif()
endif()
file(MAKE_DIRECTORY ${dir}/foreign)
file(COPY ${dir}/run/simulations.json DESTINATION ${dir}/foreign)
file(WRITE ${dir}/foreign/simulations_theta.csv "theta_1,theta_2\n0.1,0.2\n")
file(WRITE ${dir}/foreign/simulations_x.csv "x_1,x_2\n0.1,0.2\n")
expect_refused("a foreign simulation set"
               "simulations_theta.csv: columns 'theta_1,theta_2' are not the hodgkin_huxley task's"
               --sims 10 --out ${dir}/foreign_run --simulations ${dir}/foreign)
# A simulations.json whose recorded time is not a number of seconds is refused by name.
file(MAKE_DIRECTORY ${dir}/bad_seconds)
file(COPY ${dir}/run/simulations_theta.csv ${dir}/run/simulations_x.csv DESTINATION ${dir}/bad_seconds)
file(READ ${dir}/run/simulations.json info)
string(JSON info SET "${info}" seconds "\"soon\"")
file(WRITE ${dir}/bad_seconds/simulations.json "${info}")
expect_refused("a simulations.json with a malformed time"
               "simulations.json: \"seconds\" must be a non-negative number of seconds"
               --sims 500 --out ${dir}/bad_seconds_run --simulations ${dir}/bad_seconds)
