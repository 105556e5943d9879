#!/usr/bin/env python3
"""The longest C# methods, in lines from signature to closing brace (or to the end of an expression body).

A house figure (issue 23: a method at most 60 lines, an HTTP function at most 40). A heuristic that reads text:
properties, lambdas and local functions count within their method.
Usage: scripts/longest-methods.py [folder ...]   (default: every project but the tests)
"""
import glob
import re
import sys

roots=sys.argv[1:] or ['Fisikal.Sync.Core','Fisikal.Sync.Functions','Fisikal.Sync.HostEmulator','Fisikal.Sync.LocalRun','Fisikal.Sync.Simulators','Fisikal.Sync.Bench']
sig=re.compile(r'^(\s+)(?:\[[^\]]*\]\s*)*(?:(?:public|private|internal|protected|static|async|override|sealed|virtual|partial|new|unsafe|extern)\s+)+[\w<>\[\],.?() ]+?\s+(\w+)\s*(?:<[^>]*>)?\(')
out=[]
for root in roots:
    for f in glob.glob(root+'/**/*.cs',recursive=True):
        if '/obj/' in f or '/bin/' in f: continue
        L=open(f).read().split('\n')
        i=0
        while i<len(L):
            m=sig.match(L[i])
            if m and not re.search(r'\b(class|record|struct|interface|enum|delegate)\b',L[i].split('(')[0]) and ' new(' not in L[i].split('=')[0]:
                ind=m.group(1); name=m.group(2)
                j=i
                # find body start
                while j<len(L) and not (L[j].rstrip().endswith('{') and L[j].startswith(ind+'{') or L[j].strip()=='{' and L[j].startswith(ind) and len(L[j])-len(L[j].lstrip())==len(ind)) and not L[j].rstrip().endswith(';'):
                    j+=1
                if j<len(L) and L[j].strip()=='{':
                    k=j+1
                    while k<len(L) and not (L[k].startswith(ind+'}') and len(L[k])-len(L[k].lstrip())==len(ind)): k+=1
                    out.append((k-i+1,f,i+1,name)); i=k
                elif j<len(L):
                    out.append((j-i+1,f,i+1,name)); i=j
            i+=1
out.sort(reverse=True)
for n, f, l, name in out[:int(__import__('os').environ.get('TOP', '15'))]:
    print(n, f + ':' + str(l), name)
