// A child process fed and drained through poll() (see subprocess.hpp).
#include "external/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <sstream>
#include <thread>

#include "core/errors.hpp"

namespace sbi::sim {

namespace {

using Clock = std::chrono::steady_clock;

struct Pipe {
  int read = -1, write = -1;
};

Pipe make_pipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw IOError(std::string("cannot create a pipe: ") + std::strerror(errno));
  return {fds[0], fds[1]};
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Writes SIGPIPE-free: the signal is blocked in this thread while the child runs, and a pending
// one (from writing to a child that stopped reading) is consumed before the mask is restored.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlock() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
      const timespec zero{0, 0};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }

 private:
  sigset_t pipe_, previous_;
};

// Reads what is available from fd into `into`; closes fd at end of file.
void drain(int& fd, std::string& into) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) { into.append(buffer, static_cast<std::size_t>(n)); continue; }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) close_fd(fd);
    return;
  }
}

// Writes as much of input[offset..] as the pipe takes; closes fd when done or when the child
// stopped reading (EPIPE: `truncated`).
void feed(int& fd, const std::string& input, std::size_t& offset, bool& truncated) {
  while (offset < input.size()) {
    const ssize_t n = ::write(fd, input.data() + offset, input.size() - offset);
    if (n > 0) { offset += static_cast<std::size_t>(n); continue; }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    truncated = true;
    break;
  }
  close_fd(fd);
}

int remaining_ms(Clock::time_point deadline, bool limited) {
  if (!limited) return -1;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000));
}

// The process groups of the commands running now, for the termination-signal handler (lock-free:
// a handler may only read atomics). A full table leaves a command unregistered, nothing worse.
constexpr int kMaxRunning = 512;
std::atomic<pid_t> running[kMaxRunning];

// Forks between fork() and their registration: the handler waits for them (bounded), so a
// termination signal that lands in that window still kills the new command.
std::atomic<int> forks_in_flight{0};

void register_running(pid_t pid) {
  for (auto& slot : running) {
    pid_t empty = 0;
    if (slot.compare_exchange_strong(empty, pid)) return;
  }
}

void unregister_running(pid_t pid) {
  for (auto& slot : running) {
    pid_t mine = pid;
    if (slot.compare_exchange_strong(mine, 0)) return;
  }
}

// Starts `sh -c command` in a process group of its own and registers the group before any
// termination signal can be handled on this thread; a handler running on another thread waits
// for the registration (kill_running_and_die).
pid_t start_child(const std::string& command, Pipe& in, Pipe& out, Pipe& err) {
  sigset_t termination, previous;
  sigemptyset(&termination);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&termination, sig);
  pthread_sigmask(SIG_BLOCK, &termination, &previous);
  forks_in_flight.fetch_add(1);
  const pid_t pid = fork();
  const int fork_errno = errno;
  if (pid == 0) {  // child: only async-signal-safe calls until exec
    setpgid(0, 0);
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    dup2(in.read, 0);
    dup2(out.write, 1);
    dup2(err.write, 2);
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid > 0) {
    setpgid(pid, pid);  // also here, so the group exists before any kill
    register_running(pid);
  }
  forks_in_flight.fetch_sub(1);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);  // a pending signal is handled now
  if (pid < 0) throw IOError(std::string("cannot start the simulator command (fork): ") + std::strerror(fork_errno));
  close_fd(in.read);
  close_fd(out.write);
  close_fd(err.write);
  return pid;
}

extern "C" void kill_running_and_die(int sig) {
  // Up to ~0.5 s for a fork on another thread to register its command (nanosleep is async-signal-safe).
  const timespec tick{0, 1000000};
  for (int i = 0; i < 500 && forks_in_flight.load() > 0; ++i) nanosleep(&tick, nullptr);
  for (auto& slot : running)
    if (const pid_t pid = slot.load(); pid > 0) kill(-pid, SIGKILL);
  signal(sig, SIG_DFL);
  raise(sig);
}

void record_status(int status, SubprocessResult& r) {
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
}

}  // namespace

void kill_commands_on_termination_signals() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) signal(sig, kill_running_and_die);
}

std::string SubprocessResult::describe(double timeout_seconds) const {
  if (timed_out) {
    std::ostringstream out;
    out << "timed out after " << timeout_seconds << " s";
    return out.str();
  }
  if (signal != 0) return "killed by signal " + std::to_string(signal);
  return "exit status " + std::to_string(exit_code);
}

SubprocessResult run_subprocess(const std::string& command, const std::string& input, double timeout_seconds) {
  SigpipeBlock no_sigpipe;
  Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
  const pid_t pid = start_child(command, in, out, err);  // registered
  for (int fd : {in.write, out.read, err.read}) set_nonblocking(fd);
  const bool limited = timeout_seconds > 0;
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(limited ? timeout_seconds : 0));
  SubprocessResult r;
  std::size_t written = 0;
  if (input.empty()) close_fd(in.write);
  while (out.read >= 0 || err.read >= 0 || in.write >= 0) {
    if (limited && Clock::now() >= deadline) { r.timed_out = true; break; }
    pollfd fds[3] = {{in.write, POLLOUT, 0}, {out.read, POLLIN, 0}, {err.read, POLLIN, 0}};
    if (poll(fds, 3, remaining_ms(deadline, limited)) < 0 && errno != EINTR) break;
    if (in.write >= 0 && fds[0].revents) feed(in.write, input, written, r.input_truncated);
    if (out.read >= 0 && fds[1].revents) drain(out.read, r.out);
    if (err.read >= 0 && fds[2].revents) drain(err.read, r.err);
  }
  int status = 0;
  if (!r.timed_out && !limited) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    record_status(status, r);
  }
  while (!r.timed_out && limited) {  // outputs closed: wait for the exit, still within the deadline
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) { record_status(status, r); break; }
    if (done < 0 && errno != EINTR) break;
    if (Clock::now() >= deadline) r.timed_out = true;
    else std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (r.timed_out) {
    kill(-pid, SIGKILL);
    waitpid(pid, &status, 0);
    r.exit_code = -1;
  }
  unregister_running(pid);
  for (int* fd : {&in.write, &out.read, &err.read}) close_fd(*fd);
  return r;
}

}  // namespace sbi::sim
