# CTest script: runs the sbi program with ARGS (a ;-list) and checks its exit status (RC) and
# that its combined output matches the regular expression EXPECT. FRESH (optional): a file
# removed first, e.g. a results CSV the command appends to, so that every run starts clean.
if(DEFINED FRESH)
  file(REMOVE "${FRESH}")
endif()
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${SBI} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(all "${out}${err}")
if(NOT rc STREQUAL "${RC}")
  message(FATAL_ERROR "sbi ${ARGS}: exit status ${rc}, expected ${RC}\n${all}")
endif()
if(NOT all MATCHES "${EXPECT}")
  message(FATAL_ERROR "sbi ${ARGS}: output does not match '${EXPECT}':\n${all}")
endif()
