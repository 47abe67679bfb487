/**
 * The services this repository monitors. Add a file per service and list it here; the order
 * does not matter (every resource is named from stable keys).
 */
import finsight from "./finsight";

export const services: readonly unknown[] = [finsight];
