/**
 * The document schema, enforced on every update before it touches a board.
 *
 * One editor frame used to poison a board for everyone: a `Y.Array` nested thousands
 * deep under `deals` was stored, and every reader that walked it (toJSON, encoders,
 * activity) ran out of stack. So the server decodes an update's structs (without
 * applying them), works out where each new struct would land, and refuses the whole
 * update when one would create an unknown top-level type, a value of the wrong kind or
 * an unknown key at a known level (DOCUMENT_SHAPE in shared/src/board/schema.ts). The
 * shape is finite, which bounds nesting too. Values of the right kind but invalid (a
 * negative amount) pass: they are stored and read as invalid, as before.
 *
 * Where a struct lands: Yjs encodes a parent only for structs without neighbours (a
 * root name, or the ID of the parent type's item); a struct with a left or right origin
 * inherits the parent and key of that neighbour, found in the same update or in the
 * document (Item.getMissing in yjs 13.6). Everything here is iterative: the guard never
 * recurses on user data.
 */
import * as Y from 'yjs';
import { DOCUMENT_SHAPE, type ShapeNode } from '../../../shared/src/board/schema';

type Struct = Y.Item | Y.GC | Y.Skip;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

/** A struct that lands under a deleted or garbage-collected parent: Yjs discards it. */
const DETACHED = 'detached' as const;
/** A plain value (or text, or a list entry): nothing can nest inside it. */
const LEAF = 'leaf' as const;
type Node = ShapeNode | typeof DETACHED | typeof LEAF;

/** Where a struct lands: its parent type's shape and the map key (null in a list or text). */
interface Place {
  parent: Node;
  key: string | null;
}

export type ShapeVerdict =
  | { ok: true }
  /** The update breaks the schema: refuse it whole. */
  | { ok: false; missing: false; reason: string }
  /** It depends on structs the server does not have (yet): do not apply it; ask for them. */
  | { ok: false; missing: true };

class Refusal extends Error {}
class Missing extends Error {}

const isPrimitive = (value: unknown): boolean => value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';

/** The shape a value of `content` must have at a position of shape `expected`; throws a Refusal. */
function contentNode(expected: ShapeNode, content: Y.Item['content'], where: string): Node {
  switch (expected.kind) {
    case 'value':
      if (content instanceof Y.ContentAny && content.arr.every(isPrimitive)) return LEAF;
      throw new Refusal(`${where}: expected a plain value`);
    case 'map':
    case 'record':
      if (content instanceof Y.ContentType && content.type.constructor === Y.Map) return expected;
      throw new Refusal(`${where}: expected a Y.Map`);
    case 'strings':
      if (content instanceof Y.ContentType && content.type.constructor === Y.Array) return expected;
      throw new Refusal(`${where}: expected a Y.Array`);
    case 'text':
      if (content instanceof Y.ContentType && content.type.constructor === Y.Text) return expected;
      throw new Refusal(`${where}: expected a Y.Text`);
  }
}

/** The shape of what `item` creates where it lands (and checks that it may land there). */
function nodeOf(place: Place, item: Y.Item): Node {
  const { parent, key } = place;
  if (parent === DETACHED || item.content instanceof Y.ContentDeleted) return DETACHED;
  if (parent === LEAF) throw new Refusal('content inside a plain value');
  const content = item.content;
  switch (parent.kind) {
    case 'value':
      throw new Refusal('content inside a plain value');
    case 'map':
      if (key === null) throw new Refusal('list content in a map');
      if (!Object.hasOwn(parent.fields, key)) throw new Refusal(`unknown key "${key}"`);
      return contentNode(parent.fields[key]!, content, `"${key}"`);
    case 'record':
      if (key === null) throw new Refusal('list content in a map');
      return contentNode(parent.of, content, `"${key}"`);
    case 'strings':
      if (key !== null) throw new Refusal('a keyed value in a list');
      if (content instanceof Y.ContentAny && content.arr.every((v) => typeof v === 'string')) return LEAF;
      throw new Refusal('a list holds strings only');
    case 'text':
      if (key !== null) throw new Refusal('a keyed value in a text');
      if (content instanceof Y.ContentString) return LEAF;
      throw new Refusal('a text holds plain characters only');
  }
}

/** The shape below `node` at `key`, when it is a type. */
function childShape(node: Node, key: string | null): Node {
  if (node === DETACHED) return DETACHED;
  if (node === LEAF || key === null) throw new Refusal('the document already holds content outside its schema');
  if (node.kind === 'map' && Object.hasOwn(node.fields, key)) return node.fields[key]!;
  if (node.kind === 'record') return node.of;
  throw new Refusal('the document already holds content outside its schema');
}

function rootShape(name: string): ShapeNode {
  if (!Object.hasOwn(DOCUMENT_SHAPE, name)) throw new Refusal(`unknown top-level type "${name}"`);
  return DOCUMENT_SHAPE[name]!;
}

/** The deepest a type sits in the schema (deals → deal → comments → comment). */
const MAX_SCHEMA_DEPTH = 4;

/** Checks one update's structs against the document and DOCUMENT_SHAPE. */
export class ShapeChecker {
  private readonly state = new Map<number, number>();
  private readonly byClient = new Map<number, Struct[]>();
  private readonly places = new Map<Y.Item, Place>();
  private readonly docTypes = new Map<AnyType, Node>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: readonly Struct[],
  ) {
    for (const struct of structs) {
      let list = this.byClient.get(struct.id.client);
      if (!list) this.byClient.set(struct.id.client, (list = []));
      list.push(struct);
    }
  }

  check(): ShapeVerdict {
    try {
      this.checkContiguous();
      for (const struct of this.structs) {
        if (!(struct instanceof Y.Item) || !this.isNew(struct)) continue;
        nodeOf(this.placeOf(struct), struct);
      }
      return { ok: true };
    } catch (error) {
      if (error instanceof Missing) return { ok: false, missing: true };
      if (error instanceof Refusal) return { ok: false, missing: false, reason: error.message };
      throw error;
    }
  }

  private docState(client: number): number {
    let state = this.state.get(client);
    if (state === undefined) this.state.set(client, (state = Y.getState(this.doc.store, client)));
    return state;
  }

  private isNew(struct: Struct): boolean {
    return struct.id.clock + struct.length > this.docState(struct.id.client);
  }

  /** Yjs would hold back a struct that leaves a gap after what the document has. */
  private checkContiguous(): void {
    for (const [client, list] of this.byClient) {
      let known = this.docState(client);
      for (const struct of list) {
        if (struct instanceof Y.Skip) continue;
        if (struct.id.clock > known) throw new Missing();
        known = Math.max(known, struct.id.clock + struct.length);
      }
    }
  }

  /** The update's struct holding `id`, or null. */
  private updateStruct(id: Y.ID): Struct | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const struct = list[mid]!;
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct instanceof Y.Skip ? null : struct;
    }
    return null;
  }

  /** The document's struct holding `id`, or null when the document lacks it. */
  private docStruct(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock >= this.docState(id.client)) return null;
    return Y.getItem(this.doc.store, id) as Y.Item | Y.GC;
  }

  /** The shape of a type already in the document (walked up iteratively, depth-bounded). */
  private docTypeNode(type: AnyType): Node {
    const cached = this.docTypes.get(type);
    if (cached) return cached;
    const keys: Array<string | null> = [];
    let current: AnyType = type;
    while (current._item !== null) {
      if (keys.length >= MAX_SCHEMA_DEPTH) throw new Refusal('the document already nests deeper than its schema');
      keys.push(current._item.parentSub);
      const parent: unknown = current._item.parent;
      if (!(parent instanceof Y.AbstractType)) return DETACHED;
      current = parent as AnyType;
    }
    let node: Node = rootShape(Y.findRootTypeKey(current));
    for (let i = keys.length - 1; i >= 0; i--) node = childShape(node, keys[i]!);
    this.docTypes.set(type, node);
    return node;
  }

  /** Where a document item sits. */
  private docPlace(item: Y.Item | Y.GC): Place {
    if (!(item instanceof Y.Item) || !(item.parent instanceof Y.AbstractType)) return { parent: DETACHED, key: null };
    return { parent: this.docTypeNode(item.parent as AnyType), key: item.parentSub };
  }

  /**
   * Where `start` lands. A chain of neighbours in one update can be as long as the update,
   * so this walks it with an explicit stack, remembering every answer.
   */
  private placeOf(start: Y.Item): Place {
    const stack: Y.Item[] = [start];
    const onStack = new Set<Y.Item>([start]);
    while (stack.length > 0) {
      const item = stack[stack.length - 1]!;
      const step = this.directPlace(item);
      if ('waitFor' in step) {
        if (onStack.has(step.waitFor)) throw new Refusal('a cycle of references');
        stack.push(step.waitFor);
        onStack.add(step.waitFor);
        continue;
      }
      this.places.set(item, step);
      stack.pop();
      onStack.delete(item);
    }
    return this.places.get(start)!;
  }

  /** Where `item` lands, or the update struct whose place must be known first. */
  private directPlace(item: Y.Item): Place | { waitFor: Y.Item } {
    const known = this.places.get(item);
    if (known) return known;
    const parent: unknown = item.parent;
    if (typeof parent === 'string') return { parent: rootShape(parent), key: item.parentSub };
    if (parent instanceof Y.ID) {
      const inUpdate = this.updateStruct(parent);
      if (inUpdate && this.isNew(inUpdate) && parent.clock >= this.docState(parent.client)) {
        if (!(inUpdate instanceof Y.Item) || inUpdate.id.clock !== parent.clock || !(inUpdate.content instanceof Y.ContentType)) {
          throw new Refusal('a parent that is not a type');
        }
        const place = this.places.get(inUpdate);
        if (!place) return { waitFor: inUpdate };
        return { parent: nodeOf(place, inUpdate), key: item.parentSub };
      }
      const inDoc = this.docStruct(parent);
      if (!inDoc) throw new Missing();
      if (!(inDoc instanceof Y.Item) || !(inDoc.content instanceof Y.ContentType)) return { parent: DETACHED, key: null };
      return { parent: this.docTypeNode(inDoc.content.type as AnyType), key: item.parentSub };
    }
    // No parent info: the struct takes its neighbour's parent and key.
    const neighbour = item.origin ?? item.rightOrigin;
    if (!neighbour) throw new Refusal('a struct without a parent');
    if (neighbour.clock < this.docState(neighbour.client)) return this.docPlace(this.docStruct(neighbour)!);
    const inUpdate = this.updateStruct(neighbour);
    if (!inUpdate) throw new Missing();
    if (!(inUpdate instanceof Y.Item)) return { parent: DETACHED, key: null };
    return this.places.get(inUpdate) ?? { waitFor: inUpdate };
  }
}

/** Checks a decoded update against the document it is about to be applied to. */
export function checkUpdateShape(doc: Y.Doc, structs: readonly Struct[]): ShapeVerdict {
  return new ShapeChecker(doc, structs).check();
}

/**
 * The first place where a document (one loaded from disk) breaks the schema, or null.
 * Walks the types with an explicit queue: a poisoned board never makes it recurse.
 */
export function findShapeViolation(doc: Y.Doc): string | null {
  try {
    const queue: Array<{ type: AnyType; node: Node }> = [];
    for (const [name, type] of doc.share) queue.push({ type, node: rootShape(name) });
    const visit = (item: Y.Item, node: Node): void => {
      if (item.deleted) return;
      const child = nodeOf({ parent: node, key: item.parentSub }, item);
      if (child !== LEAF && child !== DETACHED && item.content instanceof Y.ContentType) queue.push({ type: item.content.type as AnyType, node: child });
    };
    for (let next = queue.pop(); next; next = queue.pop()) {
      for (const item of next.type._map.values()) visit(item, next.node);
      for (let item = next.type._start; item !== null; item = item.right) visit(item, next.node);
    }
    return null;
  } catch (error) {
    if (error instanceof Refusal) return error.message;
    throw error;
  }
}
