#!/usr/bin/env python3
"""two_moons as an external simulator for `sbi ... --simulator "python3 two_moons.py"`.

Protocol: each stdin line is "seed,theta1,theta2"; print one line "x1,x2" per input line, in
order. The row's seed drives its own random generator, so a row's x does not depend on the
batch it came in. Same model as sbi's built-in task (simulators/task_two_moons.cpp):
  a ~ U(-pi/2, pi/2), r ~ N(0.1, 0.01), p = (r cos a + 0.25, r sin a),
  x = p + (-|theta1 + theta2| / sqrt 2, (theta2 - theta1) / sqrt 2).
Standard library only.
"""
import math
import random
import sys


def simulate(theta1, theta2, rng):
    a = rng.uniform(-math.pi / 2, math.pi / 2)
    r = rng.gauss(0.1, 0.01)
    x1 = r * math.cos(a) + 0.25 - abs(theta1 + theta2) / math.sqrt(2)
    x2 = r * math.sin(a) + (theta2 - theta1) / math.sqrt(2)
    return x1, x2


def main():
    out = []
    for line in sys.stdin:
        if not line.strip():
            continue
        seed, theta1, theta2 = line.split(",")
        rng = random.Random(int(seed))
        x1, x2 = simulate(float(theta1), float(theta2), rng)
        out.append(f"{x1!r},{x2!r}")
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
    main()
