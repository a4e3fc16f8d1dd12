/*
 * netexport: network:export and network:import, the recorded networks
 * (netspec.h) and the network properties of every app and of --global as
 * one JSON document (netdoc.h).
 */
#ifndef NETEXPORT_H
#define NETEXPORT_H

/*
 * network:export: the document on stdout: every recorded network, the
 * global properties, and every app that has network properties (its
 * process-scoped values included), keys sorted.
 */
int command_export(void);

/*
 * network:import: reads a document (at most NETDOC_MAX_BYTES) on stdin and
 * checks all of it first (its shape, every record, every app exists, every
 * value as network:set checks it); then records its networks and makes each
 * app's (and, when the document has Global, the global) network properties
 * exactly the document's. Apps the document does not name are left alone.
 * Nothing is written when anything is wrong. The networks themselves are
 * created by network:ensure.
 */
int command_import(void);

#endif
