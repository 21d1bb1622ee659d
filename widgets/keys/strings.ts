/** Label lookup for `<shirushi-keys>`: the same table and translator as `<shirushi-csr>`. */
export { translator, type LabelKey, type Translate } from '../shared/strings.js';
