// The pieces of the _sbipp extension, each bound in its own file.
#pragma once
#include <nanobind/nanobind.h>

namespace sbi::py {

void bind_priors(nanobind::module_& m);      // bind_priors.cpp: priors and benchmark tasks
void bind_posterior(nanobind::module_& m);   // bind_posterior.cpp: sampling, densities, MCMC stats
void bind_neural(nanobind::module_& m);      // bind_neural.cpp: NPE, NLE, NRE
void bind_ace_abc(nanobind::module_& m);     // bind_ace_abc.cpp: ACE and SMC-ABC
void bind_diagnostics(nanobind::module_& m); // bind_diagnostics.cpp: C2ST, sbibm reference data
void bind_store(nanobind::module_& m);       // bind_store.cpp: simulation stores
void bind_sequential(nanobind::module_& m);  // bind_sequential.cpp: multi-round methods, restriction

}  // namespace sbi::py
