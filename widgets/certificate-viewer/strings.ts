/** Label lookup for the certificate viewer: the shared translator over the one string table. */
export { translator, type LabelKey, type Translate } from '../shared/strings.js';
