# CTest script: `--simulator` runs examples/simulators' two_moons (awk and, when python3 is
# present, Python) through `sbi simulate`; at a fixed θ = (0.3, -0.2) their x must have the moments
# of the built-in task's model (the built-in simulator is checked the same way):
#   x1 = r cos a + 0.25 - |θ1 + θ2|/√2,  x2 = r sin a + (θ2 - θ1)/√2,  a ~ U(-π/2, π/2), r ~ N(0.1, 0.01²)
#   E x1 = 0.25 + 0.1·2/π - 0.1/√2,  Var x1 = E r²/2 - (0.1·2/π)²,  E x2 = -0.5/√2,  Var x2 = E r²/2,
#   E r² = 0.0101. Tolerances at N = 20000: 5 standard errors, sqrt(Var/N) for a mean and
#   Var·sqrt(2/N) for a variance (kurtosis ≤ 3, which both coordinates satisfy).
# Then: results identical for any --workers and --simulator-batch, a rerun reuses the completed
# batches (also after the process was killed mid-run), a failing command is refused clearly with its stderr kept, and run and train accept
# --simulator (summary.json reports the counts).
set(dir ${WORK_DIR}/cli_external_simulator)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
set(awk_sim "sh ${SOURCE_DIR}/examples/simulators/two_moons.sh")
set(py_sim "python3 ${SOURCE_DIR}/examples/simulators/two_moons.py")

execute_process(COMMAND awk "BEGIN { print \"theta_1,theta_2\"; for (i = 0; i < 20000; i++) print \"0.3,-0.2\" }"
                OUTPUT_FILE ${dir}/theta.csv)

# check_moments(<what> <x.csv>): the moments above, within their tolerances.
function(check_moments what file)
  execute_process(COMMAND awk -F, "
    NR > 1 { n++; s1 += $1; s2 += $2; q1 += $1 * $1; q2 += $2 * $2 }
    END {
      pi = atan2(0, -1); er2 = 0.0101; c = 0.1 * 2 / pi
      m1 = 0.25 + c - 0.1 / sqrt(2); v1 = er2 / 2 - c * c; m2 = -0.5 / sqrt(2); v2 = er2 / 2
      a1 = s1 / n; a2 = s2 / n; b1 = q1 / n - a1 * a1; b2 = q2 / n - a2 * a2
      bad = (a1 - m1)^2 > 25 * v1 / n || (a2 - m2)^2 > 25 * v2 / n
      bad = bad || (b1 - v1)^2 > 25 * v1 * v1 * 2 / n || (b2 - v2)^2 > 25 * v2 * v2 * 2 / n
      printf \"n %d mean %.5f %.5f (expected %.5f %.5f) var %.6f %.6f (expected %.6f %.6f)\", n, a1, a2, m1, m2, b1, b2, v1, v2
      exit (bad || n != 20000) ? 1 : 0
    }" ${file} RESULT_VARIABLE rc OUTPUT_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what}: x does not have two_moons' moments: ${out}")
  endif()
  message(STATUS "${what}: ${out}")
endfunction()

sbi_expect_success("built-in two_moons" ${SBI} simulate --task two_moons --theta ${dir}/theta.csv --out ${dir}/builtin.csv --quiet)
check_moments("built-in" ${dir}/builtin.csv)
sbi_expect_success("awk two_moons" ${SBI} simulate --task two_moons --theta ${dir}/theta.csv --out ${dir}/awk.csv
                   --simulator ${awk_sim} --simulator-batch 3000 --workers 2)
check_moments("awk script" ${dir}/awk.csv)
if(NOT sbi_err MATCHES "20000 rows simulated, 0 reused")
  message(FATAL_ERROR "the awk run did not report its counts: ${sbi_err}")
endif()

find_program(PYTHON3 python3)
if(PYTHON3)
  sbi_expect_success("python two_moons" ${SBI} simulate --task two_moons --theta ${dir}/theta.csv --out ${dir}/py.csv
                     --simulator ${py_sim})
  check_moments("python script" ${dir}/py.csv)
else()
  message(STATUS "SKIPPED: the Python example (python3 not found)")
endif()

# Any workers and batch size give the same file; a rerun reuses every batch and writes it again.
sbi_expect_success("awk, 1 worker, one batch" ${SBI} simulate --task two_moons --theta ${dir}/theta.csv
                   --out ${dir}/awk_one.csv --simulator ${awk_sim} --simulator-batch 20000 --workers 1 --quiet)
file(READ ${dir}/awk.csv a)
file(READ ${dir}/awk_one.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "--workers 2 --simulator-batch 3000 and --workers 1 --simulator-batch 20000 differ")
endif()
file(REMOVE ${dir}/awk.csv)
sbi_expect_success("awk rerun" ${SBI} simulate --task two_moons --theta ${dir}/theta.csv --out ${dir}/awk.csv
                   --simulator ${awk_sim} --simulator-batch 3000 --workers 2)
if(NOT sbi_err MATCHES "0 rows simulated, 20000 reused")
  message(FATAL_ERROR "the rerun did not reuse the completed batches: ${sbi_err}")
endif()
file(READ ${dir}/awk.csv c)
if(NOT a STREQUAL c)
  message(FATAL_ERROR "the rerun from completed batches differs from the first run")
endif()

# A real interruption: the process is killed after a few of its batches (each takes ≥ 0.3 s, so
# the 10 batches need ≥ 3 s); the rerun reuses the batches that reached the disk and writes what
# an uninterrupted run writes. On a loaded machine no batch may be done by the first deadline:
# then the next, longer one is tried (all under 3 s, so the run is always cut short).
set(slow_sim "sleep 0.3 && ${awk_sim}")
foreach(deadline 1.6 2.2 2.8)
  file(REMOVE_RECURSE ${dir}/cut.csv.simulator)
  execute_process(COMMAND ${SBI} simulate --task two_moons --num 1000 --seed 5 --out ${dir}/cut.csv --quiet
                          --simulator ${slow_sim} --simulator-batch 100 --workers 1 TIMEOUT ${deadline})
  if(EXISTS ${dir}/cut.csv)
    message(FATAL_ERROR "the interrupted run was not interrupted")
  endif()
  file(GLOB stored ${dir}/cut.csv.simulator/*.sbixb)
  list(LENGTH stored n_stored)
  if(n_stored GREATER 0)
    break()
  endif()
endforeach()
message(STATUS "interrupted run: ${n_stored} of 10 batches on disk")
sbi_expect_success("rerun after an interruption" ${SBI} simulate --task two_moons --num 1000 --seed 5
                   --out ${dir}/cut.csv --simulator ${slow_sim} --simulator-batch 100 --workers 2)
if(n_stored EQUAL 0 OR NOT sbi_err MATCHES " ${n_stored}00 reused")
  message(FATAL_ERROR "the rerun did not reuse the ${n_stored} batches the interrupted run completed: ${sbi_err}")
endif()
sbi_expect_success("uninterrupted run" ${SBI} simulate --task two_moons --num 1000 --seed 5 --out ${dir}/whole.csv
                   --simulator ${slow_sim} --simulator-batch 100 --workers 2 --quiet)
file(READ ${dir}/cut.csv a)
file(READ ${dir}/whole.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "the resumed run differs from an uninterrupted one")
endif()

# SIGTERM (or Ctrl-C) to sbi also ends the command it is running (in a process group of its own).
find_program(PS ps)
if(PS)
  execute_process(COMMAND sh -c "'${SBI}' simulate --task two_moons --num 10 --out '${dir}/term.csv' --quiet \
      --simulator 'sleep 47.25' & p=$!; sleep 1; kill -TERM $p; wait $p; sleep 0.3; ps -eo args | grep -c '^sleep 47.25'"
      OUTPUT_VARIABLE left OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT left STREQUAL "0")
    message(FATAL_ERROR "the command outlived sbi after SIGTERM (${left} left running)")
  endif()
else()
  message(STATUS "SKIPPED: the SIGTERM check (no ps)")
endif()

# A command that fails: refused, naming the counts and where its stderr is.
sbi_expect_refused("a failing command" "200 of 200 rows failed.*exit status 3.*stderr"
                   ${SBI} simulate --task two_moons --num 200 --out ${dir}/fail.csv
                   --simulator "echo broken >&2 && exit 3" --simulator-batch 100 --workers 1)
file(GLOB kept ${dir}/fail.csv.simulator/*.stderr.txt)
list(LENGTH kept n_kept)
set(err_text "")
if(n_kept GREATER 0)
  list(GET kept 0 first_kept)
  file(READ ${first_kept} err_text LIMIT 1000)
endif()
if(NOT n_kept EQUAL 2 OR NOT err_text MATCHES "broken")
  message(FATAL_ERROR "the failed batches' stderr was not kept (${n_kept} files): ${err_text}")
endif()
sbi_expect_refused("--workers without --simulator" "--workers needs --simulator"
                   ${SBI} simulate --task two_moons --num 10 --out ${dir}/w.csv --workers 2)

# run and train take --simulator; run's summary.json reports the simulator's counts.
sbi_expect_success("sbi run --simulator" ${SBI} run --task two_moons --method npe --sims 300 --max-epochs 3
                   --range-sims 200 --num-samples 100 --predictive-sims 20 --out ${dir}/run
                   --simulator ${awk_sim} --simulator-batch 100 --quiet)
file(READ ${dir}/run/summary.json summary)
if(NOT summary MATCHES "\"external_simulator\".*\"rows_simulated\"")
  message(FATAL_ERROR "summary.json has no external_simulator counts")
endif()
sbi_expect_success("sbi train --simulator" ${SBI} train --task two_moons --method npe --sims 300 --max-epochs 3
                   --out ${dir}/npe.sbi --simulator ${awk_sim})
if(NOT EXISTS ${dir}/npe.sbi OR NOT sbi_err MATCHES "300 rows simulated")
  message(FATAL_ERROR "sbi train --simulator did not train from the command's simulations: ${sbi_err}")
endif()
