/** Label lookup for the CSR studio widgets (`<shirushi-csr>`, `<shirushi-keys>`): the shared translator. */
export { translator, type LabelKey, type Translate } from '../shared/strings.js';
