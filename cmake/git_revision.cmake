# Build-time script (cmake -P): writes OUTPUT, a header defining SBI_GIT_REVISION as
# `git describe --always --dirty` of SOURCE_DIR ("unknown" outside a git checkout or without
# git). The file is rewritten only when the revision changes, so a build at the same revision
# recompiles nothing. Run results record it (summary.json), so that a run from an uncommitted
# build says "-dirty".
set(revision "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND ${GIT_EXECUTABLE} -C "${SOURCE_DIR}" describe --always --dirty --abbrev=12
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE status ERROR_QUIET)
  if(status EQUAL 0 AND NOT described STREQUAL "")
    set(revision "${described}")
  endif()
endif()
file(WRITE "${OUTPUT}.tmp"
     "// Generated at build time by cmake/git_revision.cmake: the source revision of this build.\n"
     "#pragma once\n#define SBI_GIT_REVISION \"${revision}\"\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
file(REMOVE "${OUTPUT}.tmp")
