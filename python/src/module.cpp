// The _sbipp extension module: the engine's exceptions as Python exceptions, the thread
// setting, seed derivation, and the bound classes (bindings.hpp). The `sbi`-like API on top of
// it is pure Python (python/sbipp).
//   sbi::ShapeError, sbi::ValueError, sbi::NotFoundError → ValueError
//   sbi::IOError                                          → OSError
//   any other sbi::Error                                  → RuntimeError
// each with the engine's message.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>

#include "bindings.hpp"
#include "core/errors.hpp"
#include "core/parallel.hpp"
#include "core/rng.hpp"
#include "sbi_version.hpp"

namespace nb = nanobind;

namespace {

void translate_engine_errors(const std::exception_ptr& p, void*) {
  try {
    std::rethrow_exception(p);
  } catch (const sbi::IOError& e) {
    PyErr_SetString(PyExc_OSError, e.what());
  } catch (const sbi::ShapeError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const sbi::ValueError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const sbi::NotFoundError& e) {
    PyErr_SetString(PyExc_ValueError, e.what());
  } catch (const sbi::Error& e) {
    PyErr_SetString(PyExc_RuntimeError, e.what());
  }
}

}  // namespace

NB_MODULE(_sbipp, m) {
  m.doc() = "sbi++ engine bindings (use the sbipp package, not this module directly)";
  nb::register_exception_translator(translate_engine_errors);
  m.attr("__version__") = SBI_VERSION_STRING;
  m.def("num_threads", &sbi::num_threads, "Threads used by the engine's parallel regions.");
  m.def("set_num_threads", &sbi::set_num_threads, nb::arg("n"),
        "Sets the engine's thread count (results do not depend on it).");
  m.def("derive_seed", [](std::uint64_t seed, std::uint64_t stream) { return sbi::derive_seed(seed, stream); },
        nb::arg("seed"), nb::arg("stream"), "The engine's seed derivation (as the CLI seeds its stages).");
  sbi::py::bind_priors(m);
  sbi::py::bind_posterior(m);
  sbi::py::bind_neural(m);
  sbi::py::bind_ace_abc(m);
  sbi::py::bind_diagnostics(m);
  sbi::py::bind_store(m);
  sbi::py::bind_sequential(m);
}
