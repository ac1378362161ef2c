/** Parsers for what people type, shared by the client's fields and the server's inputs. */
export { accept, refuse, type Parsed } from './parsed';
export { MAX_AMOUNT, amountToInput, parseAmount, readAmount, type AmountOptions, type AmountReading } from './amount';
export { parseLink } from './link';
export { addTag } from './tags';
