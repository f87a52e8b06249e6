package dev.ebee.internal.elf;

import java.util.List;

/**
 * A REL or RELA section: its entries, the section they patch ({@code sh_info}; null when 0, as for
 * dynamic relocations) and the symbol table they refer to ({@code sh_link}).
 */
public record ElfRelocationSection(ElfSection section, ElfSection target, ElfSection symbolTable,
                                   boolean rela, List<ElfRelocation> relocations) {
}
