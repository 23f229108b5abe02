// Uses the installed sbi++ package through its public headers (<sbi/...>, the umbrella
// <sbi/sbi.hpp>): fits y = 3x - 1 by gradient descent on the autodiff tape, and asks the
// pipelines library for the ACE paper's reference β of two_moons.
#include <cstdio>

#include <sbi/core/ops.hpp>
#include <sbi/sbi.hpp>

int main() {
  using namespace sbi;
  Rng rng(1);
  MatrixF x(64, 1), y(64, 1);
  for (Index i = 0; i < 64; ++i) {
    x(i, 0) = static_cast<float>(rng.uniform(-1, 1));
    y(i, 0) = 3.f * x(i, 0) - 1.f;
  }
  MatrixF w = MatrixF::Zero(1, 1), b = MatrixF::Zero(1, 1);
  MatrixF gw = w, gb = b;
  ad::Tape tape;
  float loss = 0;
  for (int step = 0; step < 500; ++step) {
    tape.reset();
    gw.setZero();
    gb.setZero();
    ad::Var pred = ad::add(ad::matmul(tape.constant(x), tape.parameter(w, gw)), tape.parameter(b, gb));
    ad::Var l = ad::mean(ad::square(ad::sub(pred, tape.constant(y))));
    tape.backward(l);
    w -= 0.3f * gw;
    b -= 0.3f * gb;
    loss = l.value()(0, 0);
  }
  std::printf("w = %.4f, b = %.4f, loss = %.2e\n", w(0, 0), b(0, 0), loss);
  const std::vector<double> betas = pipelines::reference_betas("two_moons");  // sbi::pipelines links
  std::printf("two_moons reference betas: %g, %g, %g\n", betas[0], betas[1], betas[2]);
  const bool fitted = std::abs(w(0, 0) - 3.f) < 1e-3f && std::abs(b(0, 0) + 1.f) < 1e-3f;
  return fitted && betas.size() == 3 && betas[2] == 1000 ? 0 : 1;
}
