// Fuzz target: Allen recordings (simulators/allen_recording.hpp) and the simulation protocol
// and statistic windows derived from them, as `sbi fit-recordings --recording` and `sbi simulate
// --recording` use them (a tiny dt once made the window arithmetic loop for ever).
#include "fuzz_file.hpp"
#include "simulators/allen_recording.hpp"
#include "simulators/hodgkin_huxley_protocol.hpp"

SBI_FUZZ_FILE_TARGET("csv", [](const std::string& path) {
  const sbi::sim::AllenRecording recording = sbi::sim::load_allen_recording(path);
  const sbi::sim::HHProtocol protocol = sbi::sim::HHProtocol::from_recording(recording);
  protocol.validate();
  (void)protocol.windows();
})
