/* Running one verifier: posix_spawnp into a new process group, stdout and
 * stderr through pipes, a deadline enforced by killing the whole group.
 *
 * Why a process group: a verifier is often a script that starts the real
 * verifier as a child; killing only the script at the timeout would leave
 * the child running and holding the pipes. The group is killed while its
 * leader is still unreaped (waitid WNOWAIT), so its id cannot have been
 * reused by then. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conformance.h"

/* How long one poll waits at most, so that a stop request or the exit of a
 * verifier whose children still hold the pipes is noticed. */
#define POLL_SLICE_MS 100

static int64_t monotonic_ms(void) {
  struct timespec ts;
  (void)clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};
  (void)nanosleep(&ts, NULL);
}

void conf_run_result_free(conf_run_result *r) {
  free(r->out);
  r->out = NULL;
  r->out_len = 0;
}

/* Keep at most CONF_ERR_TAIL of the newest stderr bytes. */
static void tail_append(conf_run_result *r, const char *p, size_t n) {
  if (n >= CONF_ERR_TAIL) {
    memcpy(r->err_tail, p + n - CONF_ERR_TAIL, CONF_ERR_TAIL);
    r->err_tail_len = CONF_ERR_TAIL;
  } else {
    size_t keep = r->err_tail_len;
    if (keep + n > CONF_ERR_TAIL) {
      size_t drop = keep + n - CONF_ERR_TAIL;
      memmove(r->err_tail, r->err_tail + drop, keep - drop);
      keep -= drop;
    }
    memcpy(r->err_tail + keep, p, n);
    r->err_tail_len = keep + n;
  }
  r->err_tail[r->err_tail_len] = '\0';
}

/* Append to stdout; returns 1 when the bound is exceeded, -1 on out of
 * memory, 0 otherwise. */
static int out_append(conf_run_result *r, size_t *cap, const char *p,
                      size_t n) {
  if (n > CONF_OUTPUT_MAX - r->out_len)
    return 1;
  if (r->out_len + n + 1 > *cap) {
    size_t c = *cap == 0 ? 8192 : *cap;
    while (c < r->out_len + n + 1)
      c *= 2;
    char *d = realloc(r->out, c);
    if (d == NULL)
      return -1;
    r->out = d;
    *cap = c;
  }
  memcpy(r->out + r->out_len, p, n);
  r->out_len += n;
  r->out[r->out_len] = '\0';
  return 0;
}

static void close_fd(int *fd) {
  if (*fd >= 0)
    (void)close(*fd);
  *fd = -1;
}

/* Has pid exited? Leaves it unreaped. */
static int has_exited(pid_t pid) {
  siginfo_t si;
  memset(&si, 0, sizeof si);
  return waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         si.si_pid == pid;
}

static int spawn(char *const argv[], char *const envp[], int out_fd, int err_fd,
                 pid_t *pid) {
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  int rc = posix_spawn_file_actions_init(&fa);
  if (rc != 0)
    return rc;
  rc = posix_spawnattr_init(&at);
  if (rc != 0) {
    (void)posix_spawn_file_actions_destroy(&fa);
    return rc;
  }
  sigset_t none, dflt;
  (void)sigemptyset(&none);
  /* The runner ignores SIGPIPE and catches SIGINT/SIGTERM/SIGHUP; the
   * verifier gets the defaults and an empty signal mask. */
  (void)sigemptyset(&dflt);
  (void)sigaddset(&dflt, SIGPIPE);
  (void)sigaddset(&dflt, SIGINT);
  (void)sigaddset(&dflt, SIGTERM);
  (void)sigaddset(&dflt, SIGHUP);
  if (rc == 0)
    rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  if (rc == 0)
    rc = posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
  if (rc == 0)
    rc = posix_spawn_file_actions_adddup2(&fa, err_fd, 2);
  if (rc == 0)
    rc = posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
                                           POSIX_SPAWN_SETSIGMASK |
                                           POSIX_SPAWN_SETSIGDEF);
  if (rc == 0)
    rc = posix_spawnattr_setpgroup(&at, 0);
  if (rc == 0)
    rc = posix_spawnattr_setsigmask(&at, &none);
  if (rc == 0)
    rc = posix_spawnattr_setsigdefault(&at, &dflt);
  if (rc == 0)
    rc = posix_spawnp(pid, argv[0], &fa, &at, argv, envp);
  (void)posix_spawnattr_destroy(&at);
  (void)posix_spawn_file_actions_destroy(&fa);
  return rc;
}

int conf_run(char *const argv[], char *const envp[], double timeout_s,
             volatile sig_atomic_t *stop, conf_run_result *r, char *err,
             size_t err_len) {
  memset(r, 0, sizeof *r);
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  /* O_CLOEXEC: with --jobs, another verifier started meanwhile must not
   * inherit these pipes (it would hold them open past this one's exit). */
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    (void)snprintf(err, err_len, "pipe: %s", strerror(errno));
    close_fd(&out_pipe[0]);
    close_fd(&out_pipe[1]);
    return -1;
  }
  int64_t start = monotonic_ms();
  pid_t pid = -1;
  int rc = spawn(argv, envp, out_pipe[1], err_pipe[1], &pid);
  close_fd(&out_pipe[1]);
  close_fd(&err_pipe[1]);
  if (rc != 0) {
    close_fd(&out_pipe[0]);
    close_fd(&err_pipe[0]);
    r->outcome = CONF_RUN_SPAWN_FAILED;
    r->code = rc;
    return 0;
  }

  int64_t deadline = start + (int64_t)(timeout_s * 1000.0);
  struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  size_t out_cap = 0;
  int exited = 0, failed = 0, decided = 0;
  for (;;) {
    if (*stop) {
      r->outcome = CONF_RUN_INTERRUPTED;
      decided = 1;
      break;
    }
    if (!exited && has_exited(pid)) {
      exited = 1;
      (void)kill(-pid, SIGKILL); /* what it left behind in its group */
    }
    int64_t left = deadline - monotonic_ms();
    if (fds[0].fd < 0 && fds[1].fd < 0) {
      if (exited)
        break;
      if (left <= 0) {
        r->outcome = CONF_RUN_TIMEOUT;
        decided = 1;
        break;
      }
      sleep_ms(left < 2 ? (long)left : 2);
      continue;
    }
    if (left <= 0) {
      /* An exited verifier whose stragglers escaped the group (setsid)
       * still hold the pipes: judge what it wrote. */
      if (!exited) {
        r->outcome = CONF_RUN_TIMEOUT;
        decided = 1;
      }
      break;
    }
    int n = poll(fds, 2, left > POLL_SLICE_MS ? POLL_SLICE_MS : (int)left);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      (void)snprintf(err, err_len, "poll: %s", strerror(errno));
      failed = 1;
      break;
    }
    for (size_t i = 0; i < 2 && n > 0 && !decided && !failed; i++) {
      if (fds[i].fd < 0 || fds[i].revents == 0)
        continue;
      char chunk[16384];
      ssize_t got = read(fds[i].fd, chunk, sizeof chunk);
      if (got < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (got <= 0) {
        close_fd(&fds[i].fd);
        continue;
      }
      if (i == 1) {
        tail_append(r, chunk, (size_t)got);
        continue;
      }
      int a = out_append(r, &out_cap, chunk, (size_t)got);
      if (a < 0) {
        (void)snprintf(err, err_len, "out of memory");
        failed = 1;
      } else if (a > 0) {
        r->outcome = CONF_RUN_TOO_LARGE;
        decided = 1;
      }
    }
    if (decided || failed)
      break;
  }
  close_fd(&fds[0].fd);
  close_fd(&fds[1].fd);
  /* The leader is running or an unreaped zombie here, so -pid is still its
   * group: kill whatever is left, then reap. */
  (void)kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r->seconds = (double)(monotonic_ms() - start) / 1000.0;
  if (failed) {
    conf_run_result_free(r);
    return -1;
  }
  if (!decided) {
    if (WIFSIGNALED(status)) {
      r->outcome = CONF_RUN_SIGNALED;
      r->code = WTERMSIG(status);
    } else {
      r->outcome = CONF_RUN_EXITED;
      r->code = WEXITSTATUS(status);
    }
  }
  return 0;
}
