import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
const body = readFileSync('/work/shared/fixtures/wire/openai/chat-stream-text-usage.payloads.ndjson','utf8').split('\n').filter(Boolean).map(l=>`data: ${l}\n\n`).join('')+'data: [DONE]\n\n';
const server = createServer((req,res)=>{req.resume();req.on('end',()=>{res.writeHead(200,{'content-type':'text/event-stream'});res.end(body);});});
await new Promise<void>(r=>server.listen(0,'127.0.0.1',r));
const base=`http://127.0.0.1:${(server.address() as AddressInfo).port}`;
async function raw(opts: {signal?: boolean, abortEnd?: boolean, decode?: boolean}){const s=performance.now(); const c=new AbortController(); const r=await fetch(base+'/chat/completions',{method:'POST',body:'{}', ...(opts.signal?{signal:c.signal}:{})}); const rd=r.body!.getReader(); const dec=new TextDecoder(); for(;;){const x=await rd.read(); if(x.done)break; if(opts.decode) dec.decode(x.value,{stream:true});} if(opts.abortEnd) c.abort(); return performance.now()-s;}
const variants = {plain:{}, signal:{signal:true}, signalAbort:{signal:true, abortEnd:true}, decode:{decode:true}, plain2:{}};
for (const [n,v] of Object.entries(variants)) { for(let i=0;i<30;i++) await raw(v); }
const res: Record<string, number[]> = {};
for(let i=0;i<300;i++) for (const [n,v] of Object.entries(variants)) (res[n] ??= []).push(await raw(v));
const med=(a:number[])=>a.sort((x,y)=>x-y)[a.length>>1];
for (const [n,a] of Object.entries(res)) console.log(n, med(a).toFixed(3));
server.close();
