# CTest script: --embedding and --restrict through sbi train / sbi sample / sbi run. A model
# trained with an embedding is sampled by two other processes with identical draws (the file
# carries the embedding); a restricted run reports its wasted simulations.
set(dir ${WORK_DIR}/cli_embedding_restrict)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)
file(WRITE ${dir}/xo.csv "data_1,data_2\n0.1,-0.05\n")
foreach(case "npe;gru:hidden=8:out=3" "nre;fc:out=3:hidden=8" "nle;fc:out=3:hidden=8")
  list(GET case 0 method)
  list(GET case 1 spec)
  sbi_expect_success("sbi train (${method}, --embedding ${spec})"
                     ${SBI} train --task two_moons --method ${method} --sims 400 --max-epochs 3 --seed 3
                     --embedding ${spec} --out ${dir}/${method}.sbi --quiet)
  foreach(k 1 2)
    sbi_expect_success("sbi sample (${method} with an embedding)"
                       ${SBI} sample --model ${dir}/${method}.sbi --observation ${dir}/xo.csv --num 100 --seed 4
                       --chains 10 --warmup 10 --thin 1 --out ${dir}/${method}_${k}.csv)
  endforeach()
  file(READ ${dir}/${method}_1.csv a)
  file(READ ${dir}/${method}_2.csv b)
  if(NOT a STREQUAL b)
    message(FATAL_ERROR "${method} with an embedding: two processes sampling the same model differ")
  endif()
  sbi_expect_csv("sbi sample (${method} with an embedding)" ${dir}/${method}_1.csv 100 ".")
endforeach()
sbi_expect_success("sbi train (ace, --embedding)"
                   ${SBI} train --task uniform_1d --sims 400 --max-epochs 3 --seed 3 --embedding fc:out=3
                   --out ${dir}/ace.sbi --quiet)
file(WRITE ${dir}/xo1.csv "data_1\n0.4\n")
sbi_expect_success("sbi sample (ace with an embedding)"
                   ${SBI} sample --model ${dir}/ace.sbi --observation ${dir}/xo1.csv --num 50 --beta 20
                   --seed 9 --chains 10 --warmup 10 --thin 1 --out ${dir}/ace.csv)
# Restriction: two_moons with "x0 >= 0" declared the valid region (about half the prior).
sbi_expect_success("sbi run --restrict"
                   ${SBI} run --task two_moons --method npe --sims 600 --restrict-first 200 --restrict "x0>=0"
                   --max-epochs 3 --num-samples 100 --predictive-sims 10 --range-sims 1000 --seed 2
                   --out ${dir}/run)
file(READ ${dir}/run/summary.json summary)
string(JSON wasted GET "${summary}" result restriction wasted_fraction)
string(JSON acceptance GET "${summary}" result restriction acceptance_rate)
if(NOT wasted GREATER_EQUAL 0 OR NOT wasted LESS 0.4 OR NOT acceptance LESS 0.9)
  message(FATAL_ERROR "sbi run --restrict: wasted fraction ${wasted}, acceptance ${acceptance}")
endif()
# A restricted multi-round model carries its classifier (restriction_file.hpp), and `sbi sample`
# reads it (its draws stay in the restricted region; test_sequential checks that).
sbi_expect_success("sbi train --restrict (snle, 2 rounds)"
                   ${SBI} train --task two_moons --method snle --rounds 2 --observation ${dir}/xo.csv --sims 400
                   --restrict "x0>=0" --max-epochs 3 --seed 3 --out ${dir}/snle_restricted.sbi --quiet)
file(STRINGS ${dir}/snle_restricted.sbi names REGEX "restriction\\.settings")
if(NOT names)
  message(FATAL_ERROR "snle_restricted.sbi does not hold its restriction")
endif()
sbi_expect_success("sbi sample (a restricted snle model)"
                   ${SBI} sample --model ${dir}/snle_restricted.sbi --observation ${dir}/xo.csv --num 50 --seed 4
                   --chains 10 --warmup 10 --thin 1 --out ${dir}/snle_restricted.csv)
sbi_expect_csv("sbi sample (a restricted snle model)" ${dir}/snle_restricted.csv 50 ".")
