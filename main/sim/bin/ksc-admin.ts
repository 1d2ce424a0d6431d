/** Script entry of ksc-admin (bundle this file to out/sim/ksc-admin.cjs). */
import { main } from '../ksc-admin';

void main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
