/* Internal to cli/. */
#ifndef CONTRAST_CLI_H
#define CONTRAST_CLI_H

/* `contrast evidence ...`; argv[0] is "evidence". Returns the exit status. */
int cli_evidence(int argc, char **argv);

#endif
