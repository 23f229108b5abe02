# Helpers shared by the CTest scripts that drive the `sbi` program (tests/cli_*.cmake):
# run a command that must succeed, run one that must be refused with a given message, and check
# a CSV file's header and row count.

# sbi_expect_success(<what> <command...>): a non-zero exit fails the test, naming <what> and
# showing the command's output. The output is left in sbi_out and sbi_err for further checks.
function(sbi_expect_success what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(sbi_out "${out}" PARENT_SCOPE)
  set(sbi_err "${err}" PARENT_SCOPE)
endfunction()

# sbi_expect_refused(<what> <regex> <command...>): the command must fail and its error output
# match <regex> (a clear message, not just any failure).
function(sbi_expect_refused what pattern)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(rc EQUAL 0 OR NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "${what} was not refused clearly (${rc}):\n${out}\n${err}")
  endif()
endfunction()

# sbi_expect_csv(<what> <file> <rows> <header regex>): the file holds a header matching the
# regex and exactly <rows> non-empty data rows.
function(sbi_expect_csv what file rows header)
  if(NOT EXISTS ${file})
    message(FATAL_ERROR "${what}: ${file} was not written")
  endif()
  file(STRINGS ${file} lines)
  list(LENGTH lines n)
  set(first "")
  if(n GREATER 0)
    list(GET lines 0 first)
  endif()
  math(EXPR expected "${rows} + 1")
  if(NOT n EQUAL expected OR NOT first MATCHES "${header}")
    message(FATAL_ERROR "${what}: ${file} has ${n} lines (expected a header and ${rows} rows); header '${first}'")
  endif()
endfunction()
