// Simulation stores (datasets/simulation_store.hpp) for Python: the manifest's fields, one
// chunk at a time, or every row. The pure-Python side is python/sbipp/store.py.
#include <nanobind/nanobind.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "datasets/simulation_store.hpp"

namespace sbi::py {

namespace {

nb::dict store_info(const std::string& dir) {
  const sim::SimulationStore store = sim::SimulationStore::open(dir);
  const sim::StoreManifest& m = store.manifest();
  nb::dict info;
  info["task"] = m.settings.task;
  info["prior"] = m.settings.prior;
  info["simulator"] = m.settings.simulator;
  info["seed"] = m.settings.seed;
  info["rows"] = m.settings.total_rows;
  info["rows_per_chunk"] = m.settings.rows_per_chunk;
  info["chunks"] = store.chunk_count();
  info["theta_dim"] = m.settings.theta_dim;
  info["x_dim"] = m.x_dim;
  info["parameter_names"] = m.parameter_names;
  info["data_names"] = m.data_names;
  info["nonfinite_rows"] = m.nonfinite_rows;
  info["complete"] = m.complete;
  return info;
}

}  // namespace

void bind_store(nb::module_& m) {
  m.def("store_info", &store_info, nb::arg("dir"));
  m.def("read_store_chunk", [](const std::string& dir, Index k) {
    sim::StoreChunk chunk;
    {
      nb::gil_scoped_release release;
      chunk = sim::SimulationStore::open(dir).read_chunk(k);
    }
    return nb::make_tuple(chunk.first_row, to_numpy(std::move(chunk.theta)), to_numpy(std::move(chunk.x)));
  }, nb::arg("dir"), nb::arg("k"));
  m.def("read_store", [](const std::string& dir) {
    sim::StoreData data;
    {
      nb::gil_scoped_release release;
      data = sim::SimulationStore::open(dir).load_all();
    }
    return nb::make_tuple(to_numpy(std::move(data.theta)), to_numpy(std::move(data.x)));
  }, nb::arg("dir"));
}

}  // namespace sbi::py
