# CTest script: the end-to-end job gives bit-identical samples with 1 and 2 threads.
foreach(threads 1 2)
  set(dir ${WORK_DIR}/cli_run_threads_${threads})
  file(REMOVE_RECURSE ${dir})
  execute_process(COMMAND ${SBI} run --sims 2000 --max-epochs 20 --num-samples 300 --betas 100
                          --range-sims 1000 --threads ${threads} --out ${dir} --quiet
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sbi run --threads ${threads} failed: ${err}")
  endif()
  file(READ ${dir}/samples_misspecified_beta100.csv samples_${threads})
endforeach()
if(NOT samples_1 STREQUAL samples_2)
  message(FATAL_ERROR "samples differ between 1 and 2 threads")
endif()
