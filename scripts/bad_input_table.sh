#!/usr/bin/env bash
# Runs the `sbi` program on bad input of every class across its commands and writes
# bench/results/bad_input.md: each case, its exit status and the first line of its error.
# Every case must exit non-zero (2: a wrong command line, 1: a bad file or value) with a message
# that names the option, file, row or field, and none may crash, hang (60 s limit) or write an
# output. Usage: scripts/bad_input_table.sh [path/to/sbi] [output.md]
set -uo pipefail
cd "$(dirname "$0")/.."
sbi="$(realpath "${1:-build/cli/sbi}")"
out="${2:-bench/results/bad_input.md}"
data="${SBI_DATA_DIR:-../shared/data}"
work="$(mktemp -d)"
export SBI_NPE_SEED="$PWD/tests/fuzz/corpus/model/npe_maf.sbi"
recording="$(realpath "$data")/allen/cell_509881736_sweep_39.csv"
trap 'rm -rf "$work"' EXIT
cd "$work"

# ---- inputs ----
mkdir folder
printf 'x1,x2\n0.1,0.2\n' > obs.csv
printf 'theta_1,theta_2\n0.1,0.2\n' > theta.csv
printf 'a,b\n1e308,-1e308\n1,2\n' > huge.csv
printf 'a,b\n1,2\n3,4\n' > small.csv
printf 'a,b\n1,2,3\n' > ragged.csv
printf 'a,b\n1,abc\n' > nonnumber.csv
printf 'a,b\n1,nan\n' > nan.csv
: > empty.csv
printf '\x00\x01\x02binary\xff\n' > binary.csv
python3 -c "print('a'); print('9'*2000000)" > longfield.csv
printf 'SBIMODEL garbage that is not a model' > garbage.sbi
python3 - <<'PY'
import struct, zlib
def container(magic, payload): return magic + payload + struct.pack('<I', zlib.crc32(payload))
s = lambda t: struct.pack('<Q', len(t)) + t
# a model file whose tensor header asks for 2^31 x 2^31 floats (valid checksum)
payload = struct.pack('<I', 1) + s(b'npe') + s(b'kind=maf') + struct.pack('<Q', 1) + s(b'w') + struct.pack('<IQQ', 1, 2**31, 2**31)
open('huge_tensor.sbi', 'wb').write(container(b'SBIMODEL', payload))
# a real NPE file (the fuzz seed) whose architecture says hidden=1000000000
import os
seed = open(os.environ['SBI_NPE_SEED'], 'rb').read()[8:-4]
kl = struct.unpack_from('<Q', seed, 4)[0]
al = struct.unpack_from('<Q', seed, 12 + kl)[0]
arch = seed[20 + kl:20 + kl + al].replace(b'hidden=4;', b'hidden=1000000000;')
payload = seed[:12 + kl] + s(arch) + seed[20 + kl + al:]
open('huge_hidden.sbi', 'wb').write(container(b'SBIMODEL', payload))
payload = struct.pack('<I', 99) + s(b'npe') + s(b'') + struct.pack('<Q', 0)
open('version.sbi', 'wb').write(container(b'SBIMODEL', payload))
good = container(b'SBIMODEL', struct.pack('<I', 1) + s(b'npe') + s(b'') + struct.pack('<Q', 0))
open('flipped.sbi', 'wb').write(good[:-5] + bytes([good[-5] ^ 1]) + good[-4:])
open('truncated.sbi', 'wb').write(good[:len(good) // 2])
PY
printf '{"sims": 18446744073709551615}' > big.json
printf '{"sims": "many"}' > text_sims.json
printf '{"sims": [1,2]}' > array.json
printf '{"frobnicate": 1}' > unknown.json
printf '{"sims": 1000,' > broken.json
printf '[1,2,3]' > list.json
printf '{"method": "snpe-z"}' > enum.json
printf '# x; dt_ms=1e-300; t_on_ms=0; t_off_ms=1e-300; soma_area_cm2=1e-4\nt_ms,v_mV,i_uA\n0,-70,0\n0,-69,0\n' > tiny_dt.csv
printf '# x; dt_ms=0.02; t_on_ms=0.02; t_off_ms=0.06; soma_area_cm2=-1\nt_ms,v_mV,i_uA\n0,-70,0\n' > bad_area.csv
printf '# x; dt_ms=0.02; t_on_ms=0.02; t_off_ms=0.06; soma_area_cm2=1e-4\nt_ms,v_mV,i_uA\n0,-70,0\n0.05,-69,0\n' > bad_grid.csv
# prior files, θ/x files and external simulators
printf '{"parameters": [{"name": "k", "distribution": "gamma", "a": 1}]}' > prior_gamma.json
printf '{"parameters": [{"name": "k", "distribution": "uniform", "low": 2, "high": 1}]}' > prior_low_high.json
printf '{"parameters": [{"name": "k", "distribution": "normal", "mean": 0, "std": 0}]}' > prior_std.json
printf '{"parameters": [{"name": "k", "distribution": "normal", "mean": 0}]}' > prior_missing.json
printf '{"parameters": [{"name": "k", "distribution": "normal", "mean": 0, "std": 1}, {"name": "k", "distribution": "normal", "mean": 0, "std": 1}]}' > prior_duplicate.json
printf '{"parameters": [{"names": ["u", "v"], "distribution": "multivariate_normal", "mean": [0, 0], "covariance": [[1, 2], [2, 1]]}]}' > prior_covariance.json
printf '{"parameters": [{"name": "a", "distribution": "uniform", "low": -1, "high": 1}, {"name": "b", "distribution": "uniform", "low": -1, "high": 1}]}' > prior.json
printf 'a,b\n0.1,0.2\n0.3,0.4\n' > theta2.csv
printf 'a,b\n5,0.2\n0.3,0.4\n' > theta_outside.csv
printf 'x1,x2\n0.1,0.2\n' > x1row.csv
python3 - <<'PY'
import struct
def npy(name, header, body=b''):
    h = header + ' ' * (117 - len(header)) + '\n'
    open(name, 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h.encode() + body)
npy('int.npy', "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }", bytes(32))
npy('fortran.npy', "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", bytes(32))
npy('truncated.npy', "{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 2), }", bytes(32))
PY
mkdir sims_bad_info && printf '[1]' > sims_bad_info/simulations.json
ln -s obs.csv link.csv
mkfifo fifo.csv

# ---- cases: class | command line (words run through eval, in $work) ----
cases=(
"unknown command|frobnicate"
"unknown option|run --frobnicate"
"missing value|run --sims"
"non-integer count|run --sims 500.7"
"nan count|run --sims nan"
"inf count|run --sims inf"
"exponent count|run --sims 1e300"
"count above the limit|run --sims 1000000000000"
"count beyond 64 bits|run --sims 99999999999999999999"
"negative count|simulate --task two_moons --num -5 --out x.csv"
"fractional budget list|benchmark --task two_moons --sims 500.7 --out r.csv"
"nan budget list|benchmark --task two_moons --sims nan --out r.csv"
"thin overflow|run --thin 9223372036854775807"
"warm-up overflow|run --warmup 9223372036854775807"
"chains above the limit|run --chains 10000000"
"threads beyond int|run --threads 2147483648"
"batch size beyond int|run --batch-size 4294967296"
"infinite beta|run --betas 10,inf"
"nan learning rate|run --lr nan"
"observations range too long|benchmark --task two_moons --observations 1-1000000 --out r.csv"
"observations text|benchmark --task two_moons --observations one --out r.csv"
"estimator size 1e20|run --method npe --estimator maf:hidden=1e20 --sims 100 --out run1"
"estimator unknown kind|run --method npe --estimator flowy --sims 100 --out run2"
"unknown task|simulate --task nosuch --num 3 --out x.csv"
"unknown method|run --method foo"
"unknown sampler|run --sampler gibbs"
"value of 100 kB|run --sims \$(python3 -c 'print(100000*chr(57))')"
"config: folder|run --config folder"
"config: missing|run --config nosuch.json"
"config: broken JSON|run --config broken.json"
"config: not an object|run --config list.json"
"config: unknown key|run --config unknown.json"
"config: array value|run --config array.json"
"config: text count|run --config text_sims.json"
"config: unsigned above 2^63|run --config big.json"
"CSV: missing file|metrics mmd nosuch.csv small.csv"
"CSV: folder|metrics mmd folder small.csv"
"CSV: empty|metrics mmd empty.csv small.csv"
"CSV: ragged row|metrics mmd ragged.csv small.csv"
"CSV: non-number|metrics mmd nonnumber.csv small.csv"
"CSV: nan value|metrics mmd nan.csv small.csv"
"CSV: binary bytes|metrics mmd binary.csv small.csv"
"CSV: 2 MB field|metrics mmd longfield.csv small.csv"
"metrics: values 1e308 (mmd)|metrics mmd huge.csv small.csv"
"metrics: values 1e308 (nrmse)|metrics nrmse huge.csv small.csv"
"metrics: values 1e308 (pme)|metrics pme huge.csv small.csv"
"metrics: unknown|metrics foo small.csv small.csv"
"model: folder|sample --model folder --observation obs.csv --out d.csv"
"model: missing|sample --model nosuch.sbi --observation obs.csv --out d.csv"
"model: garbage|sample --model garbage.sbi --observation obs.csv --out d.csv"
"model: truncated|sample --model truncated.sbi --observation obs.csv --out d.csv"
"model: flipped byte|sample --model flipped.sbi --observation obs.csv --out d.csv"
"model: unknown version|sample --model version.sbi --observation obs.csv --out d.csv"
"model: tensor of 2^62 values|sample --model huge_tensor.sbi --observation obs.csv --out d.csv"
"model: hidden=1e9|sample --model huge_hidden.sbi --observation obs.csv --out d.csv"
"cost: missing model|cost --theta theta.csv --observation obs.csv --out c.csv"
"cost: model folder|cost --model folder --theta theta.csv --observation obs.csv --out c.csv"
"out: is the input|sample --model obs.csv --observation obs.csv --out obs.csv"
"out: device|simulate --task two_moons --num 3 --out /dev/null"
"out: symlink|simulate --task two_moons --num 3 --out link.csv"
"out: FIFO|simulate --task two_moons --num 3 --out fifo.csv"
"out: folder|simulate --task two_moons --num 3 --out folder"
"out: missing folder|simulate --task two_moons --num 3 --out nodir/x.csv"
"theta-out: missing folder|simulate --task two_moons --num 3 --out x.csv --theta-out nodir/t.csv"
"coverage-out: missing folder|calibrate --method rej-abc --sims 100 --runs 2 --out r.csv --coverage-out nodir/c.csv"
"save-samples: a file|benchmark --task two_moons --sims 100 --save-samples obs.csv --out r.csv"
"markdown: folder|benchmark --task two_moons --sims 100 --out r.csv --markdown folder"
"results CSV of another table|benchmark --task two_moons --sims 100 --out small.csv"
"simulate: theta of wrong width|simulate --task slcp --theta theta.csv --out x.csv"
"reference: no observation|reference --task two_moons --out r.csv"
"reference: wrong width|reference --task slcp --observation obs.csv --out r.csv"
"recording: dt 1e-300|simulate --task hodgkin_huxley --recording tiny_dt.csv --num 2 --out h.csv"
"recording: negative area|simulate --task hodgkin_huxley --recording bad_area.csv --num 2 --out h.csv"
"recording: off the time grid|simulate --task hodgkin_huxley --recording bad_grid.csv --num 2 --out h.csv"
"recording: missing|fit-recordings --recording nosuch.csv --out run3"
"simulation folder: bad metadata|fit-recordings --recording \"$recording\" --simulations sims_bad_info --sims 100 --out run5"
"simulation folder: no pairs|calibrate --method rej-abc --sims 100 --runs 2 --simulations sims_bad_info --out r.csv"
"posteriors all failed|run --task two_moons --method nle --sampler nuts --sims 300 --num-samples 50 --range-sims 300 --max-epochs 2 --predictive-sims 10 --quiet --out run4"
"bench: unknown suite|bench nosuch"
"bench: bad number|bench autodiff --min-time abc"
"device: unknown|run --device tpu"
"prior: unknown distribution|train --method npe --prior prior_gamma.json --theta theta2.csv --x theta2.csv --out m.sbi"
"prior: low not below high|train --method npe --prior prior_low_high.json --theta theta2.csv --x theta2.csv --out m.sbi"
"prior: non-positive std|simulate --prior prior_std.json --simulator cat --num 3 --out x.csv"
"prior: missing field|run --prior prior_missing.json --simulator cat"
"prior: duplicate name|benchmark --prior prior_duplicate.json --simulator cat --out r.csv"
"prior: covariance not positive definite|simulate --prior prior_covariance.json --simulator cat --num 3 --out x.csv"
"prior: a folder|simulate --prior folder --simulator cat --num 3 --out x.csv"
"θ/x: row counts differ|train --method npe --prior prior.json --theta theta2.csv --x x1row.csv --out m.sbi"
"θ/x: θ outside the prior|train --method npe --prior prior.json --theta theta_outside.csv --x theta2.csv --out m.sbi"
"θ/x: integer .npy|train --method npe --prior prior.json --theta int.npy --x theta2.csv --out m.sbi"
"θ/x: Fortran-order .npy|train --method npe --prior prior.json --theta fortran.npy --x theta2.csv --out m.sbi"
"θ/x: truncated .npy|train --method npe --prior prior.json --theta truncated.npy --x theta2.csv --out m.sbi"
"simulator: exits non-zero|simulate --prior prior.json --simulator false --num 20 --out x.csv --simulator-batch 10"
"simulator: prints too few lines|simulate --prior prior.json --simulator 'head -n 1' --num 20 --out x.csv"
"simulator: prints words|simulate --prior prior.json --simulator 'sh words.sh' --num 20 --out x.csv"
"simulator: hangs past the timeout|simulate --prior prior.json --simulator 'sleep 30' --simulator-timeout 1 --num 20 --out x.csv"
"simulator: bad batch size|simulate --prior prior.json --simulator cat --simulator-batch 0 --num 20 --out x.csv"
"config: unknown enum name|run --config enum.json"
"rounds above the limit|run --method snpe-c --rounds 2000000000 --sims 1000 --out run6"
"rounds with a one-round method|run --method npe --rounds 3 --sims 100 --out run7"
"rounds: budget too small|benchmark --task two_moons --method snpe-c --rounds 5 --sims 3 --observations 1 --out r.csv"
"SNPE-A: correction not positive definite|run --task two_moons --method snpe-a --rounds 2 --sims 400 --max-epochs 5 --num-samples 50 --quiet --out run8"
"restrict: rule syntax|run --method snpe-c --restrict 'x0>>1' --sims 100 --out run9"
"restrict: rule column out of range|run --method npe --restrict 'x9>=1' --task two_moons --sims 200 --out run10"
"embedding: unknown kind|run --method npe --embedding lstm --sims 100 --out run11"
"embedding: size 1e12|run --method npe --embedding gru:hidden=1e12 --sims 100 --out run12"
"device: cuda where no GPU path exists|train --method npe --task two_moons --device cuda --sims 100 --out m.sbi"
)

{
  echo "# Bad input: every class tried, the error and the exit status"
  echo
  echo "Generated by \`scripts/bad_input_table.sh\` on $(date -u +%Y-%m-%d) at commit $(git -C "$OLDPWD" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "(exit 2: a wrong command line; 1: a bad file or value). Each case ran with a 60 s limit, in a"
  echo "scratch folder holding the inputs the script makes (folder/, obs.csv, huge.csv, garbage.sbi, ...)."
  echo
  echo "| # | class | command | exit | error (first line, cut at 160 characters) |"
  echo "|---|---|---|---|---|"
} > table.md
n=0; bad=0
for c in "${cases[@]}"; do
  class="${c%%|*}"; cmd="${c#*|}"
  n=$((n + 1))
  err="$(eval timeout 60 "\"$sbi\"" $cmd 2>&1 >/dev/null)"; rc=$?
  # the error line: "sbi <command>: error: ...", else the first line that is not the help hint,
  # a progress or info line ("simulating ...", "... -> out") or the note on a staged run folder
  first="$(printf '%s' "$err" | grep -m1 ': error: ')"
  [ -n "$first" ] || first="$(printf '%s' "$err" | grep -v -e '^(see ' -e '^\s*$' -e ' -> ' -e '\.\.\.' \
                                -e 'the run did not finish' -e '^  ' | head -1)"
  # a first line that ends in ':' introduces the reason on the next line: show both
  case "$first" in *:) first="$first $(printf '%s' "$err" | grep -A1 -F -- "$first" | sed -n 2p | sed 's/^ *//')" ;; esac
  first="$(printf '%s' "$first" | cut -c1-160 | sed 's/|/\\|/g')"
  shown="$(printf '%s' "sbi $cmd" | cut -c1-110 | sed 's/|/\\|/g')"
  [ "$rc" = 0 ] || [ "$rc" -ge 124 ] && bad=$((bad + 1))
  echo "| $n | $class | \`$shown\` | $rc | $first |" >> table.md
done
{
  echo
  echo "$n cases; $bad exited 0, crashed or timed out."
} >> table.md
cd "$OLDPWD" && mkdir -p "$(dirname "$out")" && cp "$work/table.md" "$out"
echo "wrote $out ($n cases, $bad bad)"
[ "$bad" = 0 ]
