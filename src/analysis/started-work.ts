import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import type { FileFacts } from './file-facts.js';
import { floatingPromise, type FloatingPromise } from './floating.js';
import { localCallee } from './callees.js';
import { calleeName, chainOf, memberName, originOf, property, resolveObject, staticString, unwrap } from '../utils/ast.js';

/*
 * Calls that set work going which goes on after they return: a promise left running, a message
 * handed to another process, an outgoing request, a child process.
 */

export type WorkKind = 'promise' | 'message' | 'request' | 'process';

export interface StartedWork {
  readonly kind: WorkKind;
  /** The call that starts it. */
  readonly node: TSESTree.CallExpression;
  /** Short text naming the call in messages: `queue.add`, `saveOrder`. */
  readonly label: string;
  /** For a promise left running, how it is written (which decides how to await it instead). */
  readonly pending?: FloatingPromise;
}

const publishNames = new Set(['emit', 'publish', 'send', 'add', 'enqueue', 'dispatch', 'trigger', 'sendMail', 'sendEmail']);
/** A function of the project that sends an e-mail: `sendEmail(…)`, `sendReceiptEmail(…)`. */
const emailFunction = /^send\w*(?:Email|Mail)$/;
/** Receivers whose `send` answers the current request rather than handing work on. */
const responseNames = new Set(['res', 'reply', 'response', 'ctx', 'c']);
/** `add` is also `Set#add`: it publishes when awaited or called on something named like a queue. */
const queueName = /queue|jobs?$|bus|flow|worker|task|producer/i;
const requestClients = new Set(['fetch', 'axios', 'got', 'request', 'ky', 'ofetch', '$fetch', 'superagent', 'needle']);
const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const processModules = new Set(['child_process', 'node:child_process', 'execa']);
const processNames = new Set(['spawn', 'fork', 'exec', 'execFile', 'execa', 'execaCommand']);

/**
 * The work a call starts, if it starts any. `isAccess` tells whether a call is one the adapters
 * recognise as a database access: left unawaited, such a call is a promise still running.
 */
export function startedWork(
  call: TSESTree.CallExpression,
  file: FileFacts,
  isAccess: (call: TSESTree.CallExpression) => boolean,
): StartedWork | undefined {
  const sourceCode = file.sourceCode;
  const label = labelOf(call, sourceCode);
  if (isPublish(call, sourceCode)) return { kind: 'message', node: call, label };
  const pending = isContinuation(calleeName(call)) ? undefined : floatingPromise(call, sourceCode);
  if (pending && isPromise(call, pending, file, isAccess)) return { kind: 'promise', node: call, label, pending };
  if (isRequest(call, file)) return { kind: 'request', node: call, label };
  if (isProcessStart(call, file)) return { kind: 'process', node: call, label };
  return undefined;
}

/** `fetch(…)`, `axios.post(…)`, `got(…)`, or a client made by `axios.create()`. */
export function isRequest(call: TSESTree.CallExpression, file: FileFacts): boolean {
  if (isContinuation(calleeName(call))) return false;
  const { root } = chainOf(call);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  if (requestClients.has(root.name)) return true;
  const init = originOf(root, file.sourceCode).init;
  const created = init && unwrap(init);
  return (
    created?.type === AST_NODE_TYPES.CallExpression &&
    calleeName(created) === 'create' &&
    created.callee.type === AST_NODE_TYPES.MemberExpression &&
    created.callee.object.type === AST_NODE_TYPES.Identifier &&
    requestClients.has(created.callee.object.name)
  );
}

/**
 * A request that changes something on the other side: a method other than GET, HEAD or OPTIONS,
 * written as a link (`axios.post`, `got.put`) or as the `method` option (`fetch(url, { method:
 * 'POST' })`). A method not written out (a variable, the default GET) does not count.
 */
export function isMutatingRequest(call: TSESTree.CallExpression, file: FileFacts): boolean {
  if (!isRequest(call, file)) return false;
  if (chainOf(call).links.some((link) => mutatingMethods.has(link.name.toUpperCase()))) return true;
  return call.arguments.some((argument) => {
    const method = staticString(property(resolveObject(argument, file.sourceCode), 'method'));
    return method !== undefined && mutatingMethods.has(method.toUpperCase());
  });
}

function isPublish(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) return emailFunction.test(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = memberName(callee);
  if (name === undefined || !publishNames.has(name)) return false;
  const receiver = sourceCode.getText(callee.object);
  // `res.status(200).send()` answers through `res`.
  let answering: TSESTree.Node = callee.object;
  while (answering.type === AST_NODE_TYPES.CallExpression && answering.callee.type === AST_NODE_TYPES.MemberExpression) {
    answering = answering.callee.object;
  }
  if (name === 'send') return !responseNames.has(sourceCode.getText(answering));
  if (name === 'add') return call.parent.type === AST_NODE_TYPES.AwaitExpression || queueName.test(receiver);
  return true;
}

function isProcessStart(call: TSESTree.CallExpression, file: FileFacts): boolean {
  const callee = call.callee;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return processNames.has(callee.name) && processModules.has(file.importSourceOf(callee.name) ?? '');
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return false;
  return processNames.has(memberName(callee) ?? '') && processModules.has(file.importSourceOf(callee.object.name) ?? '');
}

/**
 * The call returns a promise, as far as the file shows: `void` marks it as one, `.then`/`.catch`
 * continue it, the variable holding it is awaited later, or the call is a database access or an
 * async function of the file.
 */
function isPromise(
  call: TSESTree.CallExpression,
  floating: FloatingPromise,
  file: FileFacts,
  isAccess: (call: TSESTree.CallExpression) => boolean,
): boolean {
  if (floating.form === 'void' || floating.settledAt !== undefined || isAccess(call)) return true;
  const expression = floating.expression;
  const continued = expression.type === AST_NODE_TYPES.CallExpression && isContinuation(calleeName(expression));
  return continued || localCallee(call, file.sourceCode)?.async === true;
}

const isContinuation = (name: string | undefined): boolean => name === 'then' || name === 'catch' || name === 'finally';

/** `queue.add`, `saveOrder`: the callee as written, without arguments. */
function labelOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): string {
  return sourceCode.getText(call.callee).replace(/\s+/g, '');
}
