// Runs the real `ismap` binary as a child process, for tests of what an operator sees: exit codes,
// messages, signals, and crashes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ismap::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when it did not exit in time (it is then killed)
  std::string out;
  std::string err;
};

class Process {
 public:
  // Starts ISMAP_BINARY with `args` in directory `cwd`, with `env` added to a clean environment.
  Process(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, const std::string& cwd);
  ~Process();  // kills it if still running
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  void Signal(int signal);
  // Waits up to `timeout`; SIGKILLs it after that.
  ProcessResult Wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));

 private:
  pid_t pid_ = -1;
  std::string out_path_;
  std::string err_path_;
  bool reaped_ = false;
};

ProcessResult RunIsmap(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                       const std::string& cwd);

// A TCP port that was free a moment ago.
std::uint16_t FreePort();

// Polls GET /healthz until it answers 200 or `timeout` passes.
bool WaitUntilServing(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace ismap::testing
