/* Internal to cli/. */
#ifndef CONTRAST_CLI_H
#define CONTRAST_CLI_H

/* `contrast evidence ...`; argv[0] is "evidence". Returns the exit status. */
int cli_evidence(int argc, char **argv);

/* `contrast evidence fetch ...`; argv[0] is "fetch". Exit 0 ok, 1 the
 * device failed, 2 bad usage. */
int cli_evidence_fetch(int argc, char **argv);

#endif
