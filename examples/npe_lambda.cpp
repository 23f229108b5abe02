// NPE with a simulator written as a lambda: train a conditional flow q(θ | x) once, then get the
// posterior of any observation without new simulations. Usage: npe_lambda [num_sims]
#include <cstdio>
#include <cstdlib>

#include <sbi/inference/npe.hpp>
#include <sbi/simulators/function_simulator.hpp>
#include <sbi/simulators/prior_gaussian.hpp>

int main(int argc, char** argv) {
  using namespace sbi;
  const Index num_sims = argc > 1 ? std::atol(argv[1]) : 5000;
  // θ ~ N(0, I₂), x ~ N(θ, 0.5²·I₂): the posterior is N(0.8·x_o, 0.2·I₂).
  auto prior = std::make_shared<sim::GaussianPrior>(VectorD::Zero(2), MatrixD::Identity(2, 2));
  sim::FunctionSimulator simulator(2, 2, [](const double* theta, double* x, Rng& rng) {
    for (int d = 0; d < 2; ++d) x[d] = theta[d] + 0.5 * rng.normal();
  });

  const MatrixD theta = prior->sample(num_sims, /*seed=*/1);
  inference::Npe npe(prior, inference::NpeSettings{"maf", /*seed=*/7});
  npe.append_simulations(theta, simulator.simulate(theta, /*seed=*/2));
  nn::TrainSettings training;  // sbi's defaults
  training.max_epochs = 100;
  npe.train(training);

  RowVectorD x_o(2);
  x_o << 1.0, -0.5;
  const MatrixD draws = npe.posterior(x_o)->sample(5000, /*seed=*/3);
  const RowVectorD mean = draws.colwise().mean();
  std::printf("posterior mean (%.3f, %.3f), exact (0.800, -0.400)\n", mean(0), mean(1));
  return (std::abs(mean(0) - 0.8) < 0.1 && std::abs(mean(1) + 0.4) < 0.1) ? 0 : 1;
}
