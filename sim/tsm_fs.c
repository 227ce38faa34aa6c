/* contrast-sim tsm: a simulated configfs-tsm report directory (spec/snp.md
 * §4.4, spec/tdx.md §9.1) as a FUSE filesystem, backed by a simulated
 * guest (guest.h). The mount point is the `report` directory: mkdir NAME
 * makes an entry, rmdir removes it; an entry holds the attributes of the
 * provider (sev_guest: inblob, outblob, auxblob, provider, generation,
 * privlevel, privlevel_floor; tdx_guest: inblob, outblob, generation,
 * provider).
 *
 * The kernel's semantics kept: inblob takes up to 64 bytes (at offsets;
 * O_TRUNC empties it), both providers want exactly 64; every successful
 * write to inblob or privlevel bumps `generation`; the first read of a
 * blob for the current generation makes the report, later reads return it
 * until the next write; a blob read before inblob was written is EINVAL;
 * privlevel must be privlevel_floor..3. Faults for the attester's tests:
 * race-once / race bump the generation behind the reader's back on the
 * first / every outblob read, outblob-eio fails every outblob read.
 *
 * Single-threaded (one request at a time), like the kernel's mutex. */
#define FUSE_USE_VERSION 35

#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <fuse.h>
#include <fuse_lowlevel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "contrast/util.h"
#include "guard.h"
#include "guest.h"
#include "sim.h"

static const char USAGE[] =
    "usage: contrast-sim tsm --keys DIR --tee snp|tdx --mount MOUNTPOINT\n"
    "                        [options] [guest options]\n"
    "  A simulated configfs-tsm report directory at MOUNTPOINT (FUSE; made\n"
    "  if missing), signing with the keys of DIR (`contrast-sim keys\n"
    "  init`). Prints \"ready MOUNTPOINT\" once mounted; SIGTERM or SIGINT\n"
    "  unmounts and exits 0. Point an attester at it with\n"
    "  CONTRAST_TSM_PATH=MOUNTPOINT.\n"
    "\n"
    "  --provider NAME           what `provider` says instead of sev_guest /\n"
    "                            tdx_guest\n"
    "  --fault race-once         the first outblob read also bumps the\n"
    "                            generation (as if another writer raced)\n"
    "  --fault race              every outblob read does\n"
    "  --fault outblob-eio       every outblob read fails with EIO\n"
    "\n"
    "SNP guest options:\n"
    "  --vmpl N                  privlevel_floor, the guest's VMPL (0)\n"
    "  --signer vcek|vlek  --product milan|genoa|turin  --chip-id HEX\n"
    "  --no-certs                auxblob empty (the host has no certificates)\n"
    "  and every field option of `contrast-sim snp report` but\n"
    "  --report-data and --vmpl (the entry's inblob and privlevel):\n"
    "  --measurement HEX --host-data HEX --policy U64 --tcb TCB ...\n"
    "TDX guest options: every option of `contrast-sim tdx quote` but --keys,\n"
    "  -o and --report-data: --mr-td HEX --rtmr N=HEX --mr-config-id HEX\n"
    "  --mr-owner HEX --td-attributes HEX --xfam HEX --version 4|5 ...\n";

typedef enum tsm_fault {
  FAULT_NONE = 0,
  FAULT_RACE_ONCE,
  FAULT_RACE,
  FAULT_OUTBLOB_EIO
} tsm_fault;

typedef enum attr_id {
  A_INBLOB = 0,
  A_OUTBLOB,
  A_AUXBLOB,
  A_PROVIDER,
  A_GENERATION,
  A_PRIVLEVEL,
  A_PRIVLEVEL_FLOOR,
  A_COUNT_
} attr_id;

static const struct {
  const char *name;
  mode_t mode;
  int snp_only;
} ATTRS[A_COUNT_] = {
    [A_INBLOB] = {"inblob", 0200, 0},
    [A_OUTBLOB] = {"outblob", 0444, 0},
    [A_AUXBLOB] = {"auxblob", 0444, 1},
    [A_PROVIDER] = {"provider", 0444, 0},
    [A_GENERATION] = {"generation", 0444, 0},
    [A_PRIVLEVEL] = {"privlevel", 0200, 1},
    [A_PRIVLEVEL_FLOOR] = {"privlevel_floor", 0444, 1},
};

#define INBLOB_MAX 64
#define NAME_MAX_ 255

typedef struct tsm_entry {
  char name[NAME_MAX_ + 1];
  uint8_t inblob[INBLOB_MAX];
  size_t inlen;
  int has_inblob;
  uint64_t generation;
  uint32_t privlevel;
  int cached; /* out/aux are the report of cached_gen */
  uint64_t cached_gen;
  uint8_t *out, *aux;
  size_t out_len, aux_len;
} tsm_entry;

typedef struct tsm_state {
  int tdx;
  sim_snp_guest *snp;
  sim_tdx_guest *td;
  uint32_t floor;
  char provider[72]; /* with the newline */
  tsm_fault fault;
  int raced;
  tsm_entry **e;
  size_t n, cap;
  uid_t uid;
  gid_t gid;
} tsm_state;

static tsm_state *state(void) {
  return (tsm_state *)fuse_get_context()->private_data;
}

static int attr_visible(const tsm_state *s, int a) {
  return !s->tdx || !ATTRS[a].snp_only;
}

static tsm_entry *find_entry(tsm_state *s, const char *name, size_t len,
                             size_t *index) {
  for (size_t i = 0; i < s->n; i++)
    if (strlen(s->e[i]->name) == len && memcmp(s->e[i]->name, name, len) == 0) {
      if (index != NULL)
        *index = i;
      return s->e[i];
    }
  return NULL;
}

/* "/" -> 0; "/NAME" -> 1 (entry set or NULL); "/NAME/ATTR" -> 2 (entry
 * and attr set); deeper or unknown -> -ENOENT. */
static int resolve(tsm_state *s, const char *path, tsm_entry **e, int *attr) {
  *e = NULL;
  *attr = -1;
  if (path[0] != '/')
    return -ENOENT;
  const char *p = path + 1;
  if (*p == '\0')
    return 0;
  const char *slash = strchr(p, '/');
  size_t len = slash != NULL ? (size_t)(slash - p) : strlen(p);
  *e = find_entry(s, p, len, NULL);
  if (slash == NULL)
    return 1;
  if (*e == NULL)
    return -ENOENT;
  const char *name = slash + 1;
  for (int a = 0; a < A_COUNT_; a++)
    if (attr_visible(s, a) && strcmp(name, ATTRS[a].name) == 0) {
      *attr = a;
      return 2;
    }
  return -ENOENT;
}

static int text_of(const tsm_state *s, const tsm_entry *e, int a, char *buf,
                   size_t cap) {
  int n = 0;
  if (a == A_PROVIDER)
    n = snprintf(buf, cap, "%s", s->provider);
  else if (a == A_GENERATION)
    n = snprintf(buf, cap, "%llu\n", (unsigned long long)e->generation);
  else if (a == A_PRIVLEVEL_FLOOR)
    n = snprintf(buf, cap, "%u\n", s->floor);
  return n < 0 ? 0 : n;
}

static int blob_is_current(const tsm_entry *e) {
  return e->cached && e->cached_gen == e->generation;
}

/* The length of blob attribute a (A_OUTBLOB or A_AUXBLOB) as it stands:
 * 0 until the report of the current generation is made. */
static size_t blob_len(const tsm_entry *e, int a) {
  if (!blob_is_current(e))
    return 0;
  return a == A_OUTBLOB ? e->out_len : e->aux_len;
}

/* The state, entry and attribute of an attribute file's path: 0, or
 * -ENOENT (no such file) or -EISDIR (the root or an entry). */
static int resolve_file(const char *path, tsm_state **s, tsm_entry **e,
                        int *attr) {
  *s = state();
  int k = resolve(*s, path, e, attr);
  if (k < 0)
    return k;
  return k == 2 ? 0 : -EISDIR;
}

/* ---- operations ---- */

static void *tsm_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
  (void)conn;
  cfg->direct_io = 1; /* no page cache: every read reaches us */
  cfg->entry_timeout = 0;
  cfg->attr_timeout = 0;
  cfg->negative_timeout = 0;
  cfg->hard_remove = 1;
  return fuse_get_context()->private_data;
}

static int tsm_getattr(const char *path, struct stat *st,
                       struct fuse_file_info *fi) {
  (void)fi;
  tsm_state *s = state();
  tsm_entry *e = NULL;
  int a = -1;
  int k = resolve(s, path, &e, &a);
  if (k < 0)
    return k;
  memset(st, 0, sizeof *st);
  st->st_uid = s->uid;
  st->st_gid = s->gid;
  if (k == 0 || k == 1) {
    if (k == 1 && e == NULL)
      return -ENOENT;
    st->st_mode = S_IFDIR | 0755;
    st->st_nlink = 2;
    return 0;
  }
  st->st_mode = S_IFREG | ATTRS[a].mode;
  st->st_nlink = 1;
  char text[96];
  switch ((attr_id)a) {
  case A_INBLOB:
    st->st_size = (off_t)e->inlen;
    break;
  case A_OUTBLOB:
  case A_AUXBLOB:
    st->st_size = (off_t)blob_len(e, a);
    break;
  case A_PROVIDER:
  case A_GENERATION:
  case A_PRIVLEVEL_FLOOR:
    st->st_size = text_of(s, e, a, text, sizeof text);
    break;
  case A_PRIVLEVEL:
  case A_COUNT_:
    break;
  }
  return 0;
}

static int tsm_readdir(const char *path, void *buf, fuse_fill_dir_t filler,
                       off_t off, struct fuse_file_info *fi,
                       enum fuse_readdir_flags flags) {
  (void)off;
  (void)fi;
  (void)flags;
  tsm_state *s = state();
  tsm_entry *e = NULL;
  int a = -1;
  int k = resolve(s, path, &e, &a);
  if (k < 0)
    return k;
  if (k == 2)
    return -ENOTDIR;
  if (k == 1 && e == NULL)
    return -ENOENT;
  (void)filler(buf, ".", NULL, 0, 0);
  (void)filler(buf, "..", NULL, 0, 0);
  if (k == 0) {
    for (size_t i = 0; i < s->n; i++)
      (void)filler(buf, s->e[i]->name, NULL, 0, 0);
  } else {
    for (int i = 0; i < A_COUNT_; i++)
      if (attr_visible(s, i))
        (void)filler(buf, ATTRS[i].name, NULL, 0, 0);
  }
  return 0;
}

static int tsm_mkdir(const char *path, mode_t mode) {
  (void)mode;
  tsm_state *s = state();
  tsm_entry *e = NULL;
  int a = -1;
  int k = resolve(s, path, &e, &a);
  if (k == 0)
    return -EEXIST;
  if (k != 1)
    return k == 2 ? -EEXIST : -EPERM; /* nothing nests in an entry */
  if (e != NULL)
    return -EEXIST;
  const char *name = path + 1;
  if (strlen(name) > NAME_MAX_)
    return -ENAMETOOLONG;
  if (s->n == s->cap) {
    size_t cap = s->cap == 0 ? 8 : s->cap * 2;
    tsm_entry **ne = realloc(s->e, cap * sizeof *ne);
    if (ne == NULL)
      return -ENOMEM;
    s->e = ne;
    s->cap = cap;
  }
  e = calloc(1, sizeof *e);
  if (e == NULL)
    return -ENOMEM;
  memcpy(e->name, name, strlen(name) + 1);
  e->privlevel = 0; /* unwritten: 0, not checked against the floor */
  s->e[s->n++] = e;
  return 0;
}

static void entry_free(tsm_entry *e) {
  if (e == NULL)
    return;
  free(e->out);
  free(e->aux);
  free(e);
}

static int tsm_rmdir(const char *path) {
  tsm_state *s = state();
  tsm_entry *e = NULL;
  int a = -1;
  int k = resolve(s, path, &e, &a);
  if (k < 0)
    return k;
  if (k == 0)
    return -EBUSY;
  if (k == 2)
    return -ENOTDIR;
  if (e == NULL)
    return -ENOENT;
  size_t i = 0;
  (void)find_entry(s, e->name, strlen(e->name), &i);
  entry_free(e);
  s->e[i] = s->e[--s->n];
  return 0;
}

static int tsm_unlink(const char *path) {
  (void)path;
  return -EPERM;
}

static int tsm_create(const char *path, mode_t mode,
                      struct fuse_file_info *fi) {
  (void)path;
  (void)mode;
  (void)fi;
  return -EPERM;
}

static int tsm_open(const char *path, struct fuse_file_info *fi) {
  tsm_state *s = NULL;
  tsm_entry *e = NULL;
  int a = -1;
  int rc = resolve_file(path, &s, &e, &a);
  if (rc != 0)
    return rc;
  int acc = fi->flags & O_ACCMODE;
  int writable = (ATTRS[a].mode & 0200) != 0;
  /* configfs: a write-only attribute cannot be opened for reading and a
   * read-only one not for writing, whoever asks (root included) */
  if (writable && acc != O_WRONLY)
    return -EACCES;
  if (!writable && acc != O_RDONLY)
    return -EACCES;
  if (a == A_INBLOB && (fi->flags & O_TRUNC) != 0) {
    e->inlen = 0;
    e->has_inblob = 0;
  }
  fi->direct_io = 1;
  return 0;
}

static int tsm_truncate(const char *path, off_t size,
                        struct fuse_file_info *fi) {
  (void)fi;
  tsm_state *s = NULL;
  tsm_entry *e = NULL;
  int a = -1;
  int rc = resolve_file(path, &s, &e, &a);
  if (rc != 0)
    return rc;
  if (a == A_PRIVLEVEL)
    return 0;
  if (a != A_INBLOB)
    return -EACCES;
  if (size < 0 || size > INBLOB_MAX)
    return -EFBIG;
  /* open(O_TRUNC) arrives as a truncation to 0: empties the inblob */
  if ((size_t)size > e->inlen)
    memset(e->inblob + e->inlen, 0, (size_t)size - e->inlen);
  e->inlen = (size_t)size;
  if (size == 0)
    e->has_inblob = 0;
  return 0;
}

/* The report of the entry's current generation (made now if needed). */
static int ensure_report(tsm_state *s, tsm_entry *e) {
  if (!e->has_inblob)
    return -EINVAL;
  if (e->inlen != 64) /* both providers take exactly 64 bytes */
    return -EINVAL;
  if (blob_is_current(e))
    return 0;
  free(e->out);
  free(e->aux);
  e->out = e->aux = NULL;
  e->out_len = e->aux_len = 0;
  e->cached = 0;
  contrast_err err;
  contrast_err_clear(&err);
  if (s->tdx) {
    if (sim_tdx_guest_quote(s->td, e->inblob, &e->out, &e->out_len, &err) !=
        0) {
      fprintf(stderr, "contrast-sim tsm: quote: %s\n", err.detail);
      return -EIO;
    }
  } else {
    e->out = malloc(SNP_REPORT_SIZE);
    if (e->out == NULL)
      return -ENOMEM;
    if (sim_snp_guest_report(s->snp, e->inblob, e->privlevel, e->out, &err) !=
        0) {
      fprintf(stderr, "contrast-sim tsm: report: %s\n", err.detail);
      free(e->out);
      e->out = NULL;
      return -EIO;
    }
    e->out_len = SNP_REPORT_SIZE;
    size_t n = 0;
    const uint8_t *certs = sim_snp_guest_certs(s->snp, &n);
    if (n > 0) {
      e->aux = malloc(n);
      if (e->aux == NULL)
        return -ENOMEM;
      memcpy(e->aux, certs, n);
      e->aux_len = n;
    }
  }
  e->cached = 1;
  e->cached_gen = e->generation;
  return 0;
}

static int copy_out(const uint8_t *p, size_t len, char *buf, size_t size,
                    off_t off) {
  if (off < 0)
    return -EINVAL;
  if ((uint64_t)off >= len)
    return 0;
  size_t n = len - (size_t)off;
  if (n > size)
    n = size;
  memcpy(buf, p + off, n);
  return (int)n;
}

static int tsm_read(const char *path, char *buf, size_t size, off_t off,
                    struct fuse_file_info *fi) {
  (void)fi;
  tsm_state *s = NULL;
  tsm_entry *e = NULL;
  int a = -1;
  int rc = resolve_file(path, &s, &e, &a);
  if (rc != 0)
    return rc;
  char text[96];
  switch ((attr_id)a) {
  case A_OUTBLOB:
  case A_AUXBLOB: {
    const int is_out = a == A_OUTBLOB;
    if (is_out && s->fault == FAULT_OUTBLOB_EIO)
      return -EIO;
    rc = ensure_report(s, e);
    if (rc != 0)
      return rc;
    int n = copy_out(is_out ? e->out : e->aux, blob_len(e, a), buf, size,
                     off);
    if (is_out && off == 0 &&
        (s->fault == FAULT_RACE ||
         (s->fault == FAULT_RACE_ONCE && !s->raced))) {
      /* another writer's write, as the reader sees it */
      s->raced = 1;
      e->generation++;
      e->cached_gen = e->generation;
    }
    return n;
  }
  case A_PROVIDER:
  case A_GENERATION:
  case A_PRIVLEVEL_FLOOR: {
    int n = text_of(s, e, a, text, sizeof text);
    return copy_out((const uint8_t *)text, (size_t)n, buf, size, off);
  }
  case A_INBLOB:
  case A_PRIVLEVEL:
  case A_COUNT_:
    break;
  }
  return -EACCES;
}

static int tsm_write(const char *path, const char *buf, size_t size,
                     off_t off, struct fuse_file_info *fi) {
  (void)fi;
  tsm_state *s = NULL;
  tsm_entry *e = NULL;
  int a = -1;
  int rc = resolve_file(path, &s, &e, &a);
  if (rc != 0)
    return rc;
  if (a == A_INBLOB) {
    if (off < 0 || (uint64_t)off > INBLOB_MAX ||
        size > INBLOB_MAX - (size_t)off)
      return -EFBIG;
    if ((size_t)off > e->inlen)
      memset(e->inblob + e->inlen, 0, (size_t)off - e->inlen);
    memcpy(e->inblob + off, buf, size);
    if ((size_t)off + size > e->inlen)
      e->inlen = (size_t)off + size;
    e->has_inblob = 1;
    e->generation++;
    return (int)size;
  }
  if (a == A_PRIVLEVEL) {
    /* kstrtouint: decimal, one trailing newline */
    char text[16];
    size_t n = size;
    if (n > 0 && buf[n - 1] == '\n')
      n--;
    if (off != 0 || n == 0 || n >= sizeof text)
      return -EINVAL;
    memcpy(text, buf, n);
    text[n] = '\0';
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(text, &end, 10);
    if (errno != 0 || *end != '\0' || text[0] == '-' || text[0] == '+' ||
        v < s->floor || v > 3)
      return -EINVAL;
    e->privlevel = (uint32_t)v;
    e->generation++;
    return (int)size;
  }
  return -EACCES;
}

static const struct fuse_operations TSM_OPS = {
    .init = tsm_init,
    .getattr = tsm_getattr,
    .readdir = tsm_readdir,
    .mkdir = tsm_mkdir,
    .rmdir = tsm_rmdir,
    .unlink = tsm_unlink,
    .create = tsm_create,
    .open = tsm_open,
    .truncate = tsm_truncate,
    .read = tsm_read,
    .write = tsm_write,
};

/* ---- the command ---- */

typedef struct tsm_args {
  const char *keys, *tee, *mount, *fault, *provider;
} tsm_args;

static int tsm_other(const char *opt) {
  static const char *const own[] = {"--keys", "--tee", "--mount", "--fault",
                                    "--provider"};
  for (size_t i = 0; i < CONTRAST_ARRAY_LEN(own); i++)
    if (strcmp(opt, own[i]) == 0)
      return 2;
  return 0;
}

static int parse_args(int argc, char **argv, tsm_args *a, tsm_state *s,
                      contrast_err *err) {
  for (int i = 1; i < argc; i++) {
    if (tsm_other(argv[i]) == 0)
      continue;
    ENSURE(i + 1 < argc, E_USAGE, "%s needs a value", argv[i]);
    const char *v = argv[i + 1];
    if (strcmp(argv[i], "--keys") == 0)
      a->keys = v;
    else if (strcmp(argv[i], "--tee") == 0)
      a->tee = v;
    else if (strcmp(argv[i], "--mount") == 0)
      a->mount = v;
    else if (strcmp(argv[i], "--fault") == 0)
      a->fault = v;
    else
      a->provider = v;
    i++;
  }
  ENSURE(a->keys != NULL && a->tee != NULL && a->mount != NULL, E_USAGE,
         "--keys DIR, --tee snp|tdx and --mount MOUNTPOINT are required");
  ENSURE(strcmp(a->tee, "snp") == 0 || strcmp(a->tee, "tdx") == 0, E_USAGE,
         "--tee: '%s' is not snp or tdx", a->tee);
  s->tdx = strcmp(a->tee, "tdx") == 0;
  if (a->fault != NULL) {
    if (strcmp(a->fault, "race-once") == 0)
      s->fault = FAULT_RACE_ONCE;
    else if (strcmp(a->fault, "race") == 0)
      s->fault = FAULT_RACE;
    else if (strcmp(a->fault, "outblob-eio") == 0)
      s->fault = FAULT_OUTBLOB_EIO;
    else
      BAIL(E_USAGE, "--fault: '%s' is not race-once, race or outblob-eio",
           a->fault);
  }
  const char *prov =
      a->provider != NULL ? a->provider : (s->tdx ? "tdx_guest" : "sev_guest");
  ENSURE(strlen(prov) + 2 <= sizeof s->provider, E_USAGE,
         "--provider: too long");
  (void)snprintf(s->provider, sizeof s->provider, "%s\n", prov);
  return 0;
}

static int load_guest(const tsm_args *a, tsm_state *s, int argc, char **argv,
                      contrast_err *err) {
  if (s->tdx) {
    sim_tdx_guest_config c;
    GUARD(sim_tdx_guest_config_parse(&c, argc - 1, argv + 1, tsm_other, err));
    return sim_tdx_guest_new(a->keys, &c, &s->td, err);
  }
  sim_snp_guest_config *c = calloc(1, sizeof *c);
  ENSURE_ALLOC(c);
  int rc = sim_snp_guest_config_parse(c, argc - 1, argv + 1, tsm_other, err);
  if (rc == 0) {
    s->floor = c->vmpl_floor;
    rc = sim_snp_guest_new(a->keys, c, &s->snp, err);
  }
  free(c);
  return rc;
}

static void state_wipe(tsm_state *s) {
  for (size_t i = 0; i < s->n; i++)
    entry_free(s->e[i]);
  free(s->e);
  sim_snp_guest_free(s->snp);
  sim_tdx_guest_free(s->td);
  memset(s, 0, sizeof *s);
}

/* SIGTERM / SIGINT only raise a flag (and interrupt the blocked read).
 * libfuse's own handler would mark the session exited, and an exited
 * session drops a request it has just read: a RELEASEDIR arriving with
 * the signal would be lost and its directory handle leaked. */
static volatile sig_atomic_t stopped;

static void on_stop(int sig) {
  (void)sig;
  stopped = 1;
}

static int catch_stop(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; /* no SA_RESTART: the loop's read must return */
  return sigaction(SIGTERM, &sa, NULL) == 0 && sigaction(SIGINT, &sa, NULL) == 0
             ? 0
             : -1;
}

/* Serve requests until a stop signal or the unmount (receive gives 0),
 * then answer what the kernel had already queued, without waiting for
 * more. Returns 0 after a signal or an unmount, else -1. */
static int serve_loop(struct fuse_session *se) {
  struct fuse_buf buf;
  memset(&buf, 0, sizeof buf);
  int rc = 0;
  while (!stopped && !fuse_session_exited(se)) {
    int r = fuse_session_receive_buf(se, &buf);
    if (r == -EINTR)
      continue;
    if (r <= 0) {
      rc = r == 0 ? 0 : -1;
      break;
    }
    fuse_session_process_buf(se, &buf);
  }
  int fd = fuse_session_fd(se);
  int fl = fcntl(fd, F_GETFL);
  if (stopped && fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0) {
    for (int i = 0; i < 256; i++) {
      if (fuse_session_receive_buf(se, &buf) <= 0)
        break;
      fuse_session_process_buf(se, &buf);
    }
  }
  free(buf.mem);
  return rc;
}

/* Mount, announce, serve until a signal, unmount. */
static int serve(const char *mount, tsm_state *s) {
  struct fuse_args args = FUSE_ARGS_INIT(0, NULL);
  if (fuse_opt_add_arg(&args, "contrast-sim-tsm") != 0 ||
      fuse_opt_add_arg(&args, "-o") != 0 ||
      fuse_opt_add_arg(&args, "default_permissions,fsname=contrast-tsm,"
                              "subtype=contrast-tsm") != 0) {
    fuse_opt_free_args(&args);
    fprintf(stderr, "contrast-sim tsm: out of memory\n");
    return 1;
  }
  struct fuse *f = fuse_new(&args, &TSM_OPS, sizeof TSM_OPS, s);
  fuse_opt_free_args(&args);
  if (f == NULL) {
    fprintf(stderr, "contrast-sim tsm: fuse_new failed\n");
    return 1;
  }
  if (fuse_mount(f, mount) != 0) {
    fprintf(stderr, "contrast-sim tsm: cannot mount %s (is /dev/fuse "
                    "usable?)\n",
            mount);
    fuse_destroy(f);
    return 1;
  }
  struct fuse_session *se = fuse_get_session(f);
  int rc = 1;
  if (fuse_set_signal_handlers(se) == 0 && catch_stop() == 0) {
    /* The kernel mount exists now: requests wait for the loop. */
    printf("ready %s\n", mount);
    (void)fflush(stdout);
    rc = serve_loop(se) == 0 ? 0 : 1;
    fuse_remove_signal_handlers(se);
  } else {
    fprintf(stderr, "contrast-sim tsm: cannot install signal handlers\n");
  }
  fuse_unmount(f);
  fuse_destroy(f);
  return rc;
}

int sim_cmd_tsm(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(USAGE, stdout);
      return 0;
    }
  tsm_state s;
  memset(&s, 0, sizeof s);
  s.uid = getuid();
  s.gid = getgid();
  tsm_args a;
  memset(&a, 0, sizeof a);
  contrast_err err;
  contrast_err_clear(&err);
  if (parse_args(argc, argv, &a, &s, &err) != 0 ||
      load_guest(&a, &s, argc, argv, &err) != 0) {
    fprintf(stderr, "contrast-sim tsm: %s: %s\n%s", contrast_code_name(err.code),
            err.detail,
            err.code == CONTRAST_E_USAGE ? "(see contrast-sim tsm --help)\n"
                                         : "");
    int code = err.code == CONTRAST_E_USAGE ? 2 : 1;
    state_wipe(&s);
    return code;
  }
  if (sim_mkdirs(a.mount, &err) != 0) {
    fprintf(stderr, "contrast-sim tsm: %s\n", err.detail);
    state_wipe(&s);
    return 1;
  }
  int rc = serve(a.mount, &s);
  state_wipe(&s);
  return rc;
}
