import { childrenOf, contextTag, readOidAt, readSmallIntegerAt, readTlv, TAG } from '../asn1/reader.js';
import { extensionName } from '../certificate/extensions.js';
import { EXTENSIONS } from '../certificate/oids.js';
import type { CertificatePolicy } from '../certificate/types.js';
import type { PathCertificate } from '../x509/path-certificate.js';
import type { PathIssue, PolicySettings, ValidPolicy } from './types.js';

export const ANY_POLICY = '2.5.29.32.0';

export interface PolicyOutcome {
  issues: PathIssue[];
  /** The user-constrained policy set; empty when the path is valid for no policy. */
  policies: ValidPolicy[];
}

/**
 * Nodes in a valid_policy_tree are bounded: mappings can multiply them (CVE-2023-0464), and a path that
 * needs more than this is refused rather than allowed to stall the page.
 */
export const MAX_POLICY_NODES = 10_000;

interface PolicyNode {
  policy: string;
  name?: string;
  cps: readonly string[];
  userNotices: readonly string[];
  expected: Set<string>;
  parent?: PolicyNode;
  children: PolicyNode[];
}

/** The policy-related extensions of one certificate, read with the small DER reader. */
interface PolicyExtensions {
  /** undefined when the certificate has no certificatePolicies extension. */
  policies?: readonly CertificatePolicy[];
  mappings?: Array<[issuerDomain: string, subjectDomain: string]>;
  requireExplicitPolicy?: number;
  inhibitPolicyMapping?: number;
  inhibitAnyPolicy?: number;
}

const cache = new WeakMap<PathCertificate, PolicyExtensions>();

function policyExtensions(certificate: PathCertificate): PolicyExtensions {
  let found = cache.get(certificate);
  if (found) return found;
  found = {};
  const { info } = certificate;
  if (info.extensions.some((extension) => extension.oid === EXTENSIONS.certificatePolicies)) {
    found.policies = info.policies;
  }
  for (const { oid, value } of info.extensions) {
    try {
      if (oid === EXTENSIONS.policyMappings) found.mappings = readMappings(value);
      else if (oid === EXTENSIONS.policyConstraints) Object.assign(found, readConstraints(value));
      else if (oid === EXTENSIONS.inhibitAnyPolicy) {
        found.inhibitAnyPolicy = readSmallIntegerAt(value, whole(value, TAG.INTEGER));
      }
    } catch (error) {
      throw new MalformedPolicyExtension(extensionName(oid) ?? oid, error);
    }
  }
  cache.set(certificate, found);
  return found;
}

class MalformedPolicyExtension extends Error {
  constructor(
    readonly extension: string,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

function whole(value: Uint8Array, tag: number) {
  const tlv = readTlv(value, 0, value.length);
  if (tlv.tag !== tag || tlv.end !== value.length) throw new TypeError('policy extension');
  return tlv;
}

function readMappings(value: Uint8Array): Array<[string, string]> {
  const mappings = childrenOf(value, whole(value, TAG.SEQUENCE), 1000).map((mapping) => {
    const pair = childrenOf(value, mapping, 2);
    if (mapping.tag !== TAG.SEQUENCE || pair.length !== 2) throw new TypeError('PolicyMapping');
    return [readOidAt(value, pair[0]!), readOidAt(value, pair[1]!)] as [string, string];
  });
  if (mappings.length === 0) throw new TypeError('empty policyMappings');
  return mappings;
}

function readConstraints(
  value: Uint8Array,
): Pick<PolicyExtensions, 'requireExplicitPolicy' | 'inhibitPolicyMapping'> {
  const result: Pick<PolicyExtensions, 'requireExplicitPolicy' | 'inhibitPolicyMapping'> = {};
  for (const field of childrenOf(value, whole(value, TAG.SEQUENCE), 2)) {
    if (field.tag === contextTag(0, false)) {
      result.requireExplicitPolicy = readSmallIntegerAt(value, field, field.tag);
    } else if (field.tag === contextTag(1, false)) {
      result.inhibitPolicyMapping = readSmallIntegerAt(value, field, field.tag);
    } else throw new TypeError('PolicyConstraints field');
  }
  // RFC 5280 4.2.1.11: an empty sequence MUST NOT be issued.
  if (result.requireExplicitPolicy === undefined && result.inhibitPolicyMapping === undefined) {
    throw new TypeError('empty policyConstraints');
  }
  return result;
}

/** The valid_policy_tree of RFC 5280 6.1.2 (a), kept as one list of nodes per depth. */
class PolicyTree {
  /** levels[d]: the nodes of depth d; the tree is NULL when levels[0] is empty. */
  readonly levels: PolicyNode[][];
  private count = 1;

  constructor() {
    this.levels = [
      [{ policy: ANY_POLICY, cps: [], userNotices: [], expected: new Set([ANY_POLICY]), children: [] }],
    ];
  }

  get isNull(): boolean {
    return this.levels[0]!.length === 0;
  }

  get root(): PolicyNode | undefined {
    return this.levels[0]![0];
  }

  get tooLarge(): boolean {
    return this.count > MAX_POLICY_NODES;
  }

  add(
    depth: number,
    parent: PolicyNode,
    oid: string,
    from: QualifierSource | undefined,
    expected: Iterable<string>,
  ): void {
    const child: PolicyNode = {
      policy: oid,
      cps: from?.cps ?? [],
      userNotices: from?.userNotices ?? [],
      expected: new Set(expected),
      parent,
      children: [],
    };
    if (from?.name !== undefined && from.oid === oid) child.name = from.name;
    parent.children.push(child);
    (this.levels[depth] ??= []).push(child);
    this.count++;
  }

  /** Removes the nodes of `depth` that `drop` selects, then every node left without children above them. */
  remove(depth: number, drop: (node: PolicyNode) => boolean): void {
    for (const node of this.levels[depth] ?? []) if (drop(node)) detach(node);
    this.levels[depth] = (this.levels[depth] ?? []).filter((node) => !drop(node));
    this.prune(depth);
  }

  /** 6.1.3 (d)(3): deletes childless nodes of depth below `deepest`, bottom up. */
  prune(deepest: number): void {
    for (let depth = deepest - 1; depth >= 0; depth--) {
      const level = this.levels[depth]!;
      for (const node of level) if (node.children.length === 0) detach(node);
      this.levels[depth] = level.filter((node) => node.children.length > 0);
    }
  }

  clear(): void {
    for (const level of this.levels) level.length = 0;
  }
}

interface QualifierSource {
  oid: string;
  name?: string;
  cps: readonly string[];
  userNotices: readonly string[];
}

function detach(node: PolicyNode): void {
  if (node.parent) node.parent.children = node.parent.children.filter((child) => child !== node);
}

/**
 * RFC 5280 section 6.1 certificate policy processing over a path (target first, trust anchor last): the
 * valid_policy_tree of 6.1.2 (a), 6.1.3 (d)-(f), 6.1.4 (a), (b), (h)-(j) and the wrap-up of 6.1.5. Pure and
 * synchronous; the signatures and other checks are done elsewhere.
 */
export function processPolicies(
  path: readonly PathCertificate[],
  settings: PolicySettings = {},
): PolicyOutcome {
  const n = path.length - 1;
  const indexOf = (i: number) => n - i; // RFC position i (1 = below the anchor) -> path index (0 = target)
  const fail = (code: PathIssue['code'], i: number, params: PathIssue['params'] = {}): PolicyOutcome => {
    const subject = path[indexOf(i)]!.info.subject.rfc4514;
    return { issues: [{ code, params: { subject, ...params }, index: indexOf(i) }], policies: [] };
  };
  const tree = new PolicyTree();
  let explicitPolicy = settings.explicitPolicy ? 0 : n + 1;
  let inhibitAnyPolicy = settings.anyPolicyInhibit ? 0 : n + 1;
  let policyMapping = settings.policyMappingInhibit ? 0 : n + 1;

  for (let i = 1; i <= n; i++) {
    const certificate = path[indexOf(i)]!;
    let extensions: PolicyExtensions;
    try {
      extensions = policyExtensions(certificate);
    } catch (error) {
      if (!(error instanceof MalformedPolicyExtension)) throw error;
      const detail = { ja: '構造を読み取れません', en: `its structure cannot be read (${error.message})` };
      return fail('chain/malformed-extension', i, { extension: error.extension, detail });
    }
    const selfIssued = certificate.info.selfIssued;
    const anyQualifiers = extensions.policies?.find((policy) => policy.oid === ANY_POLICY);
    if (extensions.policies && !tree.isNull) {
      // 6.1.3 (d)(1): each policy other than anyPolicy extends the nodes that expect it, else anyPolicy nodes.
      const parents = tree.levels[i - 1]!;
      for (const policy of extensions.policies) {
        if (policy.oid === ANY_POLICY) continue;
        let matching = parents.filter((node) => node.expected.has(policy.oid));
        if (matching.length === 0) matching = parents.filter((node) => node.policy === ANY_POLICY);
        for (const parent of matching) tree.add(i, parent, policy.oid, policy, [policy.oid]);
        if (tree.tooLarge) return fail('chain/policy-tree-too-large', i, { limit: MAX_POLICY_NODES });
      }
      // (d)(2): anyPolicy stands for every expected policy not yet matched, unless inhibited.
      if (anyQualifiers && (inhibitAnyPolicy > 0 || (i < n && selfIssued))) {
        for (const parent of parents) {
          const present = new Set(parent.children.map((child) => child.policy));
          for (const value of parent.expected) {
            if (!present.has(value)) tree.add(i, parent, value, anyQualifiers, [value]);
          }
          if (tree.tooLarge) return fail('chain/policy-tree-too-large', i, { limit: MAX_POLICY_NODES });
        }
      }
      tree.levels[i] ??= [];
      tree.prune(i);
    } else {
      // (e): no certificatePolicies extension, no policy.
      tree.clear();
    }
    // (f)
    if (explicitPolicy <= 0 && tree.isNull) return fail('chain/no-valid-policy', i);
    if (i === n) break;

    // 6.1.4 (a), (b): policy mappings.
    if (extensions.mappings) {
      if (extensions.mappings.some(([from, to]) => from === ANY_POLICY || to === ANY_POLICY)) {
        return fail('chain/bad-policy-mapping', i);
      }
      const mappedTo = new Map<string, string[]>();
      for (const [from, to] of extensions.mappings) {
        const targets = mappedTo.get(from) ?? [];
        if (!targets.includes(to)) targets.push(to);
        mappedTo.set(from, targets);
      }
      for (const [from, targets] of mappedTo) {
        if (tree.isNull) break;
        if (policyMapping > 0) {
          const nodes = tree.levels[i]!.filter((node) => node.policy === from);
          for (const node of nodes) node.expected = new Set(targets);
          const anyNode = tree.levels[i]!.find((node) => node.policy === ANY_POLICY);
          if (nodes.length === 0 && anyNode?.parent) {
            tree.add(i, anyNode.parent, from, anyQualifiers, targets);
            if (tree.tooLarge) return fail('chain/policy-tree-too-large', i, { limit: MAX_POLICY_NODES });
          }
        } else {
          tree.remove(i, (node) => node.policy === from);
        }
      }
    }
    // (h), then (i) and (j).
    if (!selfIssued) {
      if (explicitPolicy > 0) explicitPolicy--;
      if (policyMapping > 0) policyMapping--;
      if (inhibitAnyPolicy > 0) inhibitAnyPolicy--;
    }
    if (extensions.requireExplicitPolicy !== undefined) {
      explicitPolicy = Math.min(explicitPolicy, extensions.requireExplicitPolicy);
    }
    if (extensions.inhibitPolicyMapping !== undefined) {
      policyMapping = Math.min(policyMapping, extensions.inhibitPolicyMapping);
    }
    if (extensions.inhibitAnyPolicy !== undefined) {
      inhibitAnyPolicy = Math.min(inhibitAnyPolicy, extensions.inhibitAnyPolicy);
    }
  }

  // 6.1.5 (a), (b), (g) for the target.
  if (n > 0) {
    if (explicitPolicy > 0) explicitPolicy--;
    if (policyExtensions(path[0]!).requireExplicitPolicy === 0) explicitPolicy = 0;
  }
  const initial = settings.initialPolicySet;
  if (!tree.isNull && initial && initial.length > 0 && !initial.includes(ANY_POLICY)) {
    intersect(tree, new Set(initial), n);
  }
  if (explicitPolicy <= 0 && tree.isNull) return fail('chain/no-valid-policy', n);
  return { issues: [], policies: tree.isNull ? [] : userConstrainedSet(tree.root!) };
}

/** 6.1.5 (g)(iii): the tree restricted to the user's initial policy set. */
function intersect(tree: PolicyTree, initial: Set<string>, n: number): void {
  // (1) the valid_policy_node_set: nodes whose parent is anyPolicy; (2) those outside the user's set go.
  const nodeSet: PolicyNode[] = [];
  for (const level of tree.levels) {
    for (const node of level) if (node.parent?.policy === ANY_POLICY) nodeSet.push(node);
  }
  const outside = new Set(nodeSet.filter((node) => node.policy !== ANY_POLICY && !initial.has(node.policy)));
  for (let depth = 1; depth <= n; depth++) {
    tree.levels[depth] = (tree.levels[depth] ?? []).filter(
      (node) => !outside.has(node) && !outside.has(node.parent!),
    );
  }
  for (const node of outside) detach(node);
  // Descendants of removed nodes: keep only nodes still attached to a kept parent.
  for (let depth = 1; depth <= n; depth++) {
    const above = new Set(tree.levels[depth - 1]);
    tree.levels[depth] = tree.levels[depth]!.filter((node) => above.has(node.parent!));
  }
  // (3) an anyPolicy node of depth n stands for each user policy the set does not have yet.
  const present = new Set(nodeSet.filter((node) => !outside.has(node)).map((node) => node.policy));
  const anyLeaf = tree.levels[n]!.find((node) => node.policy === ANY_POLICY);
  if (anyLeaf?.parent) {
    for (const oid of initial) {
      if (!present.has(oid)) tree.add(n, anyLeaf.parent, oid, { ...anyLeaf, oid }, [oid]);
    }
    tree.remove(n, (node) => node === anyLeaf);
  }
  // (4)
  tree.prune(n);
}

/**
 * The policies the path is valid for, named in the trust anchor's domain: the first node below an anyPolicy
 * chain on each branch (anyPolicy itself when the branch is anyPolicy all the way down).
 */
function userConstrainedSet(root: PolicyNode): ValidPolicy[] {
  const byOid = new Map<string, ValidPolicy>();
  const add = (oid: string, name: string | undefined, branch: PolicyNode) => {
    let entry = byOid.get(oid);
    if (!entry) {
      entry = { oid, cps: [], userNotices: [] };
      if (name !== undefined) entry.name = name;
      byOid.set(oid, entry);
    }
    const stack = [branch];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const uri of node.cps) if (!entry.cps.includes(uri)) entry.cps.push(uri);
      for (const text of node.userNotices)
        if (!entry.userNotices.includes(text)) entry.userNotices.push(text);
      stack.push(...node.children);
    }
  };
  const walk = (node: PolicyNode) => {
    if (node.children.length === 0) {
      add(ANY_POLICY, 'anyPolicy', node);
      return;
    }
    for (const child of node.children) {
      if (child.policy === ANY_POLICY) walk(child);
      else add(child.policy, child.name, child);
    }
  };
  walk(root);
  return [...byOid.values()];
}
