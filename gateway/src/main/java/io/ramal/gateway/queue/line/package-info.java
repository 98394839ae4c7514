/**
 * The queue's call handlers: {@link io.ramal.gateway.queue.line.CallerHandler} (a caller waiting,
 * then bridged) and {@link io.ramal.gateway.queue.line.AttendantHandler} (an attendant's own
 * call), which share an inbox drained at each tick and a feed of prompts;
 * {@link io.ramal.gateway.queue.line.Legs}, this node's legs by call id, which routes the
 * matchmaker's answers to them and has the bridges made for its pairings; and
 * {@link io.ramal.gateway.queue.line.ExtensionLookup}, for an overflow to another extension.
 */
package io.ramal.gateway.queue.line;
