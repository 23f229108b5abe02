# CTest script: `--device cpu|cuda` on run, train, sample, benchmark, simulate, cost and calibrate.
# Work without a GPU backend is refused with exit status 2 and a message naming the command
# before anything runs; Hodgkin–Huxley simulation (the one GPU path wired today) is refused with
# "this build has no CUDA backend" (HAVE_CUDA off) or "no CUDA device found" (CUDA build, no
# GPU), and where a GPU is usable it runs and writes N × 7 statistics. --device cpu changes
# nothing: its output equals that of a run without the flag.
set(dir ${WORK_DIR}/cli_device)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

# expect_usage_error(<what> <regex> <command...>): exit status 2 and stderr matching <regex>.
function(expect_usage_error what pattern)
  execute_process(COMMAND ${SBI} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: expected exit status 2 and '${pattern}', got ${rc}:\n${out}\n${err}")
  endif()
endfunction()

set(no_path "--device cuda is not available for")
expect_usage_error("bad --device value" "--device expects cpu or cuda, got 'gpu'"
  simulate --task two_moons --num 5 --device gpu --out ${dir}/x.csv)
expect_usage_error("train" "${no_path} train --method npe yet"
  train --task two_moons --method npe --sims 100 --device cuda --out ${dir}/m.sbi)
expect_usage_error("train, multi-round" "${no_path} train --method snpe-c yet"
  train --task two_moons --method snpe-c --observation ${dir}/none.csv --device cuda --out ${dir}/m.sbi)
expect_usage_error("sample" "${no_path} sample yet"
  sample --model ${dir}/none.sbi --observation ${dir}/none.csv --out ${dir}/s.csv --device cuda)
expect_usage_error("cost" "${no_path} cost yet"
  cost --model ${dir}/none.sbi --theta ${dir}/t.csv --observation ${dir}/none.csv --out ${dir}/c.csv --device cuda)
expect_usage_error("benchmark" "${no_path} benchmark yet"
  benchmark --task two_moons --method npe --device cuda --out ${dir}/b.csv)
expect_usage_error("calibrate" "${no_path} calibrate yet"
  calibrate --task two_moons --method npe --device cuda --out ${dir}/cal.csv)
expect_usage_error("run on a task without a GPU simulator" "${no_path} run --task two_moons yet"
  run --task two_moons --device cuda --out ${dir}/run)
expect_usage_error("run with --restrict" "${no_path} run --restrict yet"
  run --task hodgkin_huxley --restrict "x0>=0" --device cuda --out ${dir}/run)
expect_usage_error("simulate a task without a GPU simulator" "${no_path} simulate --task two_moons yet"
  simulate --task two_moons --num 5 --device cuda --out ${dir}/x.csv)
expect_usage_error("simulate into a store" "${no_path} simulate --store yet"
  simulate --task hodgkin_huxley --num 5 --device cuda --store ${dir}/store)
foreach(f m.sbi s.csv c.csv b.csv cal.csv run x.csv store)
  if(EXISTS ${dir}/${f})
    message(FATAL_ERROR "a refused --device cuda command wrote ${f}")
  endif()
endforeach()

# --device cpu is the default: the same file as without the flag.
sbi_expect_success("simulate --device cpu" ${SBI} simulate --task two_moons --num 20 --seed 3 --device cpu
                   --out ${dir}/cpu.csv --quiet)
sbi_expect_success("simulate without --device" ${SBI} simulate --task two_moons --num 20 --seed 3
                   --out ${dir}/default.csv --quiet)
file(SHA256 ${dir}/cpu.csv a)
file(SHA256 ${dir}/default.csv b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "--device cpu changed the simulations")
endif()

# Hodgkin–Huxley: the GPU path where one is usable, else the reason.
execute_process(COMMAND ${SBI} simulate --task hodgkin_huxley --num 16 --seed 1 --device cuda
                        --out ${dir}/hh.csv --quiet
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT HAVE_CUDA)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "--device cuda: this build has no CUDA backend")
    message(FATAL_ERROR "simulate --device cuda in a build without CUDA (${rc}):\n${out}\n${err}")
  endif()
elseif(rc EQUAL 2)
  if(NOT err MATCHES "--device cuda: no CUDA device found")
    message(FATAL_ERROR "simulate --device cuda without a GPU (${rc}):\n${out}\n${err}")
  endif()
  expect_usage_error("run on Hodgkin–Huxley without a GPU" "--device cuda: no CUDA device found"
    run --task hodgkin_huxley --device cuda --out ${dir}/run)
else()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "simulate --device cuda failed (${rc}):\n${out}\n${err}")
  endif()
  sbi_expect_csv("GPU Hodgkin–Huxley simulations" ${dir}/hh.csv 16 "spike_count")
endif()
