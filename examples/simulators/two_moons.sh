#!/bin/sh
# two_moons as an external simulator in POSIX shell + awk, for
#   sbi ... --simulator "sh examples/simulators/two_moons.sh"
# Protocol: each stdin line is "seed,theta1,theta2"; one output line "x1,x2" per input line.
# The row's seed (its last 9 digits: mawk's srand saturates above 2^31) seeds awk's generator, so a row's x
# does not depend on its batch. Model as in simulators/task_two_moons.cpp:
#   a ~ U(-pi/2, pi/2), r ~ N(0.1, 0.01) (Box–Muller), p = (r cos a + 0.25, r sin a),
#   x = p + (-|theta1 + theta2| / sqrt 2, (theta2 - theta1) / sqrt 2).
exec awk -F, '
BEGIN { pi = atan2(0, -1); s2 = sqrt(2) }
NF == 3 {
  srand(substr($1, length($1) > 9 ? length($1) - 8 : 1) + 0)
  a = (rand() - 0.5) * pi
  u1 = 1 - rand(); u2 = rand()
  r = 0.1 + 0.01 * sqrt(-2 * log(u1)) * cos(2 * pi * u2)
  t = $2 + $3
  if (t < 0) t = -t
  printf "%.17g,%.17g\n", r * cos(a) + 0.25 - t / s2, r * sin(a) + ($3 - $2) / s2
}'
