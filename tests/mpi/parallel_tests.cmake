# Data-parallel training and stages over MPI ranks (issue 36), included by tests/CMakeLists.txt.
# data_parallel_check: nn::train over ranks is bit-identical to one rank (library level).
# cli_mpi_*: `sbi train` model files, `sbi run` folders and `sbi benchmark` / `sbi calibrate` outputs are identical
# (cmp) for 1, 2 and 3 ranks, and so are `sbi sample` draws (MH: chains split over ranks;
# slice: whole on every rank) (tests/mpi/cli_same_outputs.cmake).
add_executable(mpi_data_parallel_check ${CMAKE_CURRENT_LIST_DIR}/data_parallel_check.cpp)
target_link_libraries(mpi_data_parallel_check PRIVATE sbi::sbi sbi_options)
add_test(NAME data_parallel_one_rank COMMAND mpi_data_parallel_check)
if(SBI_HAVE_MPI)
  sbi_add_mpi_test(mpi_data_parallel_2 2 $<TARGET_FILE:mpi_data_parallel_check>)
  sbi_add_mpi_test(mpi_data_parallel_3 3 $<TARGET_FILE:mpi_data_parallel_check>)
endif()
if(SBI_HAVE_MPI)
  foreach(case train_npe train_ace train_nre benchmark_npe calibrate_npe sample_nle_slice sample_nle_mh run_ace)
    add_test(NAME mpi_cli_${case}
      COMMAND ${CMAKE_COMMAND} -DSBI=$<TARGET_FILE:sbi> -DMPIEXEC=${MPIEXEC_EXECUTABLE}
              -DWORK_DIR=${PROJECT_BINARY_DIR}/test_scratch -DCASE=${case} "-DRANKS=1;2;3"
              -P ${CMAKE_CURRENT_LIST_DIR}/cli_same_outputs.cmake)
    set_tests_properties(mpi_cli_${case} PROPERTIES LABELS mpi PROCESSORS 3
      ENVIRONMENT "${SBI_MPI_TEST_ENV}")
  endforeach()
endif()
