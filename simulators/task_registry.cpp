// The table of benchmark tasks by name. Adding a task is one line here (plus its factory).
#include "simulators/hodgkin_huxley_trace.hpp"
#include "simulators/tasks.hpp"

namespace sbi::sim {

const std::vector<TaskEntry>& task_registry() {
  static const std::vector<TaskEntry> entries = {
      {"gaussian_linear", "x ~ N(θ, 0.1·I), prior N(0, 0.1·I) (sbibm)", make_gaussian_linear_task},
      {"gaussian_linear_uniform", "x ~ N(θ, 0.1·I), prior U(-1, 1)^10 (sbibm)", make_gaussian_linear_uniform_task},
      {"slcp", "simple likelihood, complex posterior (sbibm)", make_slcp_task},
      {"bernoulli_glm", "Bernoulli GLM, 10 sufficient summaries (sbibm)", make_bernoulli_glm_task},
      {"bernoulli_glm_raw", "Bernoulli GLM, raw 100 outputs (sbibm)", make_bernoulli_glm_raw_task},
      {"gaussian_mixture", "0.5·N(θ, I) + 0.5·N(θ, 0.01·I) (sbibm)", make_gaussian_mixture_task},
      {"two_moons", "two moons (sbibm; ACE with MSE distance)", make_two_moons_task},
      {"sir", "SIR epidemic ODE, binomial observations (sbibm)", make_sir_task},
      {"lotka_volterra", "Lotka-Volterra ODE, log-normal observations (sbibm)", make_lotka_volterra_task},
      {"uniform_1d", "polynomial + uniform noise (ACE, MSE distance)", make_uniform_1d_task},
      {"linear_gaussian", "θ + shift + N(0, diag v) (ACE, MSE distance)", make_linear_gaussian_task},
      {"gaussian_mixture_trials", "5 iid 2-D mixture trials (ACE, MMD distance)", make_gaussian_mixture_trials_task},
      {"ornstein_uhlenbeck", "OU process, Euler-Maruyama, θ = (μ, σ) (high fidelity)", make_ornstein_uhlenbeck_2d_task},
      {"ornstein_uhlenbeck_lf", "OU low fidelity: 10 iid N(μ, σ²)", make_ornstein_uhlenbeck_2d_lf_task},
      {"ornstein_uhlenbeck_4d", "OU process, θ = (μ, σ, γ, offset) (high fidelity)", make_ornstein_uhlenbeck_4d_task},
      {"ornstein_uhlenbeck_4d_lf", "OU 4-D low fidelity: 10 iid N(μ, σ²)", make_ornstein_uhlenbeck_4d_lf_task},
      {"hodgkin_huxley", "Hodgkin-Huxley neuron, step current, 7 statistics (ACE)",
       static_cast<Task (*)()>(make_hodgkin_huxley_task)},
      {"hodgkin_huxley_lf", "Hodgkin-Huxley low fidelity: dt 0.1 ms instead of 0.02 ms", make_hodgkin_huxley_lf_task},
      {"hodgkin_huxley_lf_coarse", "Hodgkin-Huxley low fidelity: dt 0.2 ms (10x cheaper)",
       make_hodgkin_huxley_lf_coarse_task},
      {"hodgkin_huxley_trace", "Hodgkin-Huxley, raw voltage trace (dt 0.2 ms): 50 block means (embedding nets)",
       make_hodgkin_huxley_trace_task},
  };
  return entries;
}

}  // namespace sbi::sim
