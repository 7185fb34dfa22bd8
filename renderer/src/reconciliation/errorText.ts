// Reconciliation speaks of errors the same way as every other screen.
export { errorText } from '../errorText';
