# CTest script: installs this build into a scratch prefix, then configures, builds and runs
# examples/find_package as a separate project that finds sbi++ with find_package(sbi), with the
# build's own compiler and linker flags (a sanitizer build's example is instrumented too).
foreach(var SBI_BINARY_DIR SBI_SOURCE_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} not set")
  endif()
endforeach()
set(prefix ${SBI_BINARY_DIR}/test_install)
set(example_build ${SBI_BINARY_DIR}/test_find_package_example)
file(REMOVE_RECURSE ${prefix} ${example_build})
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()
run(${CMAKE_COMMAND} --install ${SBI_BINARY_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${SBI_SOURCE_DIR}/examples/find_package -B ${example_build}
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_BUILD_TYPE=Release
    "-DCMAKE_CXX_FLAGS=${SBI_CXX_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${SBI_LINKER_FLAGS}")
run(${CMAKE_COMMAND} --build ${example_build})
run(${example_build}/autodiff_example)
