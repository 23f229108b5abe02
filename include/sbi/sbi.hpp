// sbi++'s public API in one include: `#include <sbi/sbi.hpp>` (or the single headers,
// e.g. <sbi/inference/ace.hpp>). Tensors, autodiff and errors; networks and flows; priors,
// simulators, tasks and simulation stores; batched MCMC; the inference methods (NPE, NLE, NRE,
// ABC, ACE/GBI, the sequential methods, restriction);
// diagnostics (C2ST, MMD, calibration); the end-to-end pipelines (run, benchmark, recording
// fit, calibration, training) and the field tables of their settings (core/settings_fields.hpp).
// The headers lie in include/sbi/<module>/ of an installed package; in the
// build tree, CMake links build/include/sbi/<module> to the module folders.
#pragma once

#include <sbi/core/communicator.hpp>
#include <sbi/core/errors.hpp>
#include <sbi/core/ops.hpp>
#include <sbi/core/parallel.hpp>
#include <sbi/core/rng.hpp>
#include <sbi/core/settings_fields.hpp>
#include <sbi/core/tape.hpp>
#include <sbi/core/tensor.hpp>

#include <sbi/nn/mlp.hpp>
#include <sbi/nn/optimizer.hpp>
#include <sbi/nn/trainer.hpp>

#include <sbi/flows/density_estimator.hpp>
#include <sbi/flows/flow.hpp>

#include <sbi/simulators/function_simulator.hpp>
#include <sbi/simulators/prior.hpp>
#include <sbi/simulators/prior_box_uniform.hpp>
#include <sbi/simulators/prior_file.hpp>
#include <sbi/simulators/prior_gaussian.hpp>
#include <sbi/simulators/prior_lognormal.hpp>
#include <sbi/simulators/prior_product.hpp>
#include <sbi/datasets/simulation_store.hpp>
#include <sbi/simulators/simulator.hpp>
#include <sbi/simulators/task.hpp>
#include <sbi/simulators/tasks.hpp>

#include <sbi/mcmc/diagnostics.hpp>
#include <sbi/mcmc/sample.hpp>
#include <sbi/mcmc/settings_fields.hpp>

#include <sbi/inference/ace.hpp>
#include <sbi/inference/ace_ensemble.hpp>
#include <sbi/inference/ace_fields.hpp>
#include <sbi/inference/method.hpp>
#include <sbi/inference/nle.hpp>
#include <sbi/inference/npe.hpp>
#include <sbi/inference/nre.hpp>
#include <sbi/inference/posterior.hpp>
#include <sbi/inference/rejection_abc.hpp>
#include <sbi/sequential/restricted_simulation.hpp>
#include <sbi/sequential/restriction_fields.hpp>
#include <sbi/sequential/sequential.hpp>
#include <sbi/inference/snpe_a.hpp>
#include <sbi/inference/smc_abc.hpp>

#include <sbi/diagnostics/c2st.hpp>
#include <sbi/diagnostics/calibration.hpp>
#include <sbi/diagnostics/mmd.hpp>
#include <sbi/diagnostics/predictive.hpp>

#include <sbi/pipelines/benchmark_fields.hpp>
#include <sbi/pipelines/benchmark_sbibm.hpp>
#include <sbi/pipelines/calibration.hpp>
#include <sbi/pipelines/calibration_fields.hpp>
#include <sbi/pipelines/fit_recordings.hpp>
#include <sbi/pipelines/fit_recordings_fields.hpp>
#include <sbi/pipelines/job_fields.hpp>
#include <sbi/pipelines/run_job.hpp>
#include <sbi/pipelines/sequential_fields.hpp>
#include <sbi/pipelines/simulator_fields.hpp>
#include <sbi/pipelines/store_fields.hpp>
#include <sbi/pipelines/store_jobs.hpp>
#include <sbi/pipelines/train_sequential.hpp>
#include <sbi/pipelines/training_data.hpp>
#include <sbi/pipelines/training_fields.hpp>
