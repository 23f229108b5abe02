// Runs a shell command as a child process with its stdin fed from a string and its stdout and
// stderr captured: fork + exec of `/bin/sh -c CMD` in a process group of its own, three pipes
// (close-on-exec, so concurrent runs from other threads never inherit each other's ends), and a
// poll() loop that writes stdin and drains stdout and stderr together, so a child that writes a
// large output before it has read all of its input cannot deadlock either side. A timeout kills
// the whole process group (SIGKILL), so grandchildren started by the shell die with it.
#pragma once
#include <string>

namespace sbi::sim {

struct SubprocessResult {
  std::string out;          // everything the command wrote to stdout
  std::string err;          // everything it wrote to stderr
  int exit_code = -1;       // exit status when it exited normally, else -1
  int signal = 0;           // the signal that ended it (0 when it exited)
  bool timed_out = false;   // killed after `timeout_seconds`
  bool input_truncated = false;  // it exited (or closed stdin) before reading all of the input

  bool ok() const { return !timed_out && signal == 0 && exit_code == 0; }
  // "exit status 3", "killed by signal 9", "timed out after 2 s": for error messages.
  std::string describe(double timeout_seconds) const;
};

// Runs `/bin/sh -c command` with `input` on its stdin (then end of file). timeout_seconds ≤ 0:
// no limit. Throws IOError only when the process cannot be started (pipes, fork); anything the
// command itself does is reported in the result.
SubprocessResult run_subprocess(const std::string& command, const std::string& input,
                                double timeout_seconds);

// Makes SIGINT, SIGTERM and SIGHUP first kill the process groups of the commands still running
// (they are in groups of their own, so a Ctrl-C at the terminal does not reach them), then end
// the program by that signal as before. For programs (the sbi command line); call it once.
void kill_commands_on_termination_signals();

}  // namespace sbi::sim
