/** BTF: model, parser, kernel BTF, CO-RE relocation, C header writer. */
package dev.ebee.btf;
